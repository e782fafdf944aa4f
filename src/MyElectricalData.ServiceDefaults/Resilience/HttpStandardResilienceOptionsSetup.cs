using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace MyElectricalData.ServiceDefaults.Resilience;

/// <summary>
/// Binds <c>Resilience:Http</c> for every client, then <c>Resilience:Http:&lt;clientName&gt;</c> over it, so a
/// client's section only needs the values it changes. Runs before any code-supplied configure action.
/// </summary>
internal sealed class HttpStandardResilienceOptionsSetup(IConfiguration? configuration = null)
    : IConfigureNamedOptions<HttpStandardResilienceOptions>
{
    public void Configure(HttpStandardResilienceOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, HttpStandardResilienceOptions options)
    {
        if (configuration is null)
        {
            return;
        }

        var shared = configuration.GetSection(HttpStandardResilienceOptions.SectionName);
        shared.Bind(options);
        if (!string.IsNullOrEmpty(name))
        {
            shared.GetSection(name).Bind(options);
        }
    }
}
