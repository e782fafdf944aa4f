using MyElectricalData.Hosting;

namespace MyElectricalData.Tests.Harness;

/// <summary>
/// Shaped like Aspire.Hosting.Testing: runs the AppHost's real Program.cs up to <c>Build()</c> and hands the
/// builder to the test, configured for tests: empty throw-away data, free ports, no .env, quiet console.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    public static DistributedApplicationBuilder Create<TEntryPoint>(Action<DistributedApplicationOptions>? configure = null)
        where TEntryPoint : IProjectMetadata
    {
        var options = new DistributedApplicationOptions
        {
            Ephemeral = true,
            RandomizePorts = true,
            LoadDotEnv = false,
            EchoLogsToConsole = Environment.GetEnvironmentVariable("APPHOST_TEST_LOGS") == "1",
            EnvironmentName = "Development",
            // Off unless a test asks for it: projects then export no telemetry, as before the dashboard existed.
            EnableDashboard = false,
        };
        configure?.Invoke(options);
        return BuilderInterception.CaptureBuilder(typeof(TEntryPoint).Assembly, options);
    }
}

public static class DistributedApplicationTestingExtensions
{
    public static HttpClient CreateHttpClient(this DistributedApplication app, string resource, string endpoint = "http") =>
        new() { BaseAddress = app.GetEndpoint(resource, endpoint), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Starts the application and waits until every resource is healthy (or finished), failing with the causes.</summary>
    public static async Task StartAndWaitAsync(this DistributedApplication app, TimeSpan? timeout = null)
    {
        await app.StartAsync();
        try
        {
            await app.WaitForAllHealthyAsync().WaitAsync(timeout ?? TimeSpan.FromMinutes(3));
        }
        catch (Exception e) when (e is ResourceFailedException or TimeoutException)
        {
            var failures = app.Resources.OfType<RunnableResource>()
                .Where(r => r.State is ResourceState.Failed or not (ResourceState.Healthy or ResourceState.Finished))
                .Select(r => $"{r} is {r.State}: {r.FailureReason}\n  last log lines:\n    " +
                    string.Join("\n    ", app.Logs.Get(r.Name).TakeLast(60).Select(l => l.Text)));
            throw new InvalidOperationException("The application did not start:\n" + string.Join("\n", failures), e);
        }
    }
}
