namespace MyElectricalData.AppHost;

/// <summary>
/// What a person running <c>./run.sh</c> needs in the terminal: one line per resource state change, then, once the API is
/// healthy, where to go (the dashboard's login URL, the web pages and API, Swagger). The services' own logs are in the
/// dashboard, not here.
/// </summary>
internal sealed class ConsoleSummary(ResourceNotificationService notifications, IConfiguration configuration, ILogger<ConsoleSummary> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seen = new Dictionary<string, string>();
        var announced = false;
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                if (update.Resource is ParameterResource || update.Resource.Name.EndsWith("-rebuilder", StringComparison.Ordinal)
                    || update.Snapshot.IsHidden)
                {
                    continue;
                }
                var state = update.Snapshot.State?.Text ?? "";
                var health = update.Snapshot.HealthStatus?.ToString();
                var shown = health is null || state != KnownResourceStates.Running ? state : $"{state} ({health})";
                if (shown.Length > 0 && (!seen.TryGetValue(update.Resource.Name, out var before) || before != shown))
                {
                    seen[update.Resource.Name] = shown;
                    logger.LogInformation("{Resource,-16} {State}", update.Resource.Name, shown);
                }
                if (!announced && update.Resource.Name == "api" && update.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                    && update.Snapshot.Urls.FirstOrDefault(u => !u.IsInternal)?.Url is { } api)
                {
                    announced = true;
                    var dashboard = (configuration["ASPNETCORE_URLS"] ?? "").Split(';').FirstOrDefault();
                    var token = configuration["AppHost:BrowserToken"];
                    logger.LogInformation(
                        "Ready.\n      Dashboard:       {Dashboard}\n      Web pages, API:  {Api}\n      Swagger UI:      {Swagger}\n      Press Ctrl+C to stop everything.",
                        token is { Length: > 0 } ? $"{dashboard}/login?t={token}" : dashboard, api, api.TrimEnd('/') + "/docs");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
