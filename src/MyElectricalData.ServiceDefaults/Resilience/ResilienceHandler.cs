using Polly;

namespace MyElectricalData.ServiceDefaults.Resilience;

/// <summary>
/// Runs each request through a resilience pipeline. The same <see cref="HttpRequestMessage"/> goes down the
/// rest of the handler chain once per attempt: HttpClient only forbids sending a message twice from the top.
/// </summary>
/// <remarks>
/// A request with content has it buffered once, before the first attempt. Without that a one-shot body (a
/// <see cref="StreamContent"/> over a network or file stream) would be consumed by the first attempt and a retry
/// would fail or send nothing. The price is holding the body in memory for the call; our clients send small JSON
/// or form bodies. A large streamed upload belongs on a client without this handler.
/// </remarks>
public sealed class ResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    /// <summary>Lets strategies (the retry log) see which request they act on.</summary>
    public static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("MyElectricalData.Http.RequestMessage");

    /// <summary>Marks the handler added by AddStandardResilienceHandler, so a client never gets it twice.</summary>
    internal bool IsStandard { get; init; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    try
                    {
                        var response = await state.Handler.SendNextAsync(state.Request, context.CancellationToken)
                            .ConfigureAwait(context.ContinueOnCapturedContext);
                        return Outcome.FromResult(response);
                    }
                    catch (Exception e)
                    {
                        return Outcome.FromException<HttpResponseMessage>(e);
                    }
                },
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);

            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // Synchronous HttpClient.Send must not bypass the pipeline.
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // HttpContent has no synchronous buffering; this caller has chosen to block anyway.
        request.Content?.LoadIntoBufferAsync(cancellationToken).GetAwaiter().GetResult();

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            return pipeline.Execute(
                static (context, state) => state.Handler.SendNext(state.Request, context.CancellationToken),
                context,
                (Handler: this, Request: request));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendNextAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private HttpResponseMessage SendNext(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.Send(request, cancellationToken);
}
