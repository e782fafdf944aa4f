using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace MyElectricalData.ServiceDefaults.Resilience;

/// <summary>
/// One pipeline per client (and per own pipeline name), shared by every handler the factory creates for it.
/// Handlers are recycled every few minutes; the circuit breaker's health data and the concurrency limiter must
/// outlive them, so they live here, for the container's lifetime. Options are read when a pipeline is first built.
/// </summary>
internal sealed class HttpResiliencePipelines(
    IOptionsMonitor<HttpStandardResilienceOptions> standardOptions,
    ILoggerFactory loggerFactory,
    TimeProvider? timeProvider = null) : IDisposable, IAsyncDisposable
{
    private readonly ResiliencePipelineRegistry<(string Client, string? Pipeline)> _registry = new();
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly ILogger _logger = loggerFactory.CreateLogger("MyElectricalData.ServiceDefaults.Resilience");

    public ResiliencePipeline<HttpResponseMessage> Standard(string clientName) =>
        _registry.GetOrAddPipeline<HttpResponseMessage>((clientName, null), builder =>
        {
            Describe(builder, clientName, "standard");
            StandardResiliencePipeline.Configure(builder, clientName, standardOptions.Get(clientName), _time, _logger);
        });

    public ResiliencePipeline<HttpResponseMessage> Own(
        string clientName, string pipelineName, Action<ResiliencePipelineBuilder<HttpResponseMessage>> configure) =>
        _registry.GetOrAddPipeline<HttpResponseMessage>((clientName, pipelineName), builder =>
        {
            Describe(builder, clientName, pipelineName);
            configure(builder);
        });

    public void Dispose() => _registry.Dispose();

    public ValueTask DisposeAsync() => _registry.DisposeAsync();

    private void Describe(ResiliencePipelineBuilder<HttpResponseMessage> builder, string clientName, string pipelineName)
    {
        builder.Name = pipelineName;
        builder.InstanceName = clientName;
        builder.TimeProvider = _time;
    }
}
