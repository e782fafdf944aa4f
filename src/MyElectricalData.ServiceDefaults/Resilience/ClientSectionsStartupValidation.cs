using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MyElectricalData.ServiceDefaults.Resilience;

/// <summary>
/// ValidateOnStart needs option names at registration, but a client that gets the standard handler from
/// ConfigureHttpClientDefaults is unknown then. Its <c>Resilience:Http:&lt;clientName&gt;</c> section is
/// found here at start-up instead, so a bad value stops the host rather than the client's first request.
/// </summary>
internal sealed class ClientSectionsStartupValidation(
    IOptionsMonitor<HttpStandardResilienceOptions> options,
    IConfiguration? configuration = null) : IHostedService
{
    private static readonly HashSet<string> StrategySections = typeof(HttpStandardResilienceOptions)
        .GetProperties()
        .Select(p => p.Name)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var clientSections = configuration?.GetSection(HttpStandardResilienceOptions.SectionName).GetChildren() ?? [];
        foreach (var section in clientSections.Where(s => !StrategySections.Contains(s.Key)))
        {
            _ = options.Get(section.Key); // throws OptionsValidationException when invalid
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
