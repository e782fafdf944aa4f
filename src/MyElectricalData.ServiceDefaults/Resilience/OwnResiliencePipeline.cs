namespace MyElectricalData.ServiceDefaults.Resilience;

/// <summary>
/// Named per client: set by AddResilienceHandler, read when the client's handlers are built. A client with its own
/// pipeline does not get the standard one, whatever the order of the calls (ConfigureHttpClientDefaults included).
/// </summary>
internal sealed class OwnResiliencePipeline
{
    public bool IsConfigured { get; set; }
}
