// Owns: the record of every data-endpoint call (when, what, for which usage point, with which answer), bounded
// so a long-running sandbox keeps the most recent calls only.
using Microsoft.Extensions.Options;

namespace MyElectricalData.EnedisSandbox.Calls;

/// <summary>One call as listed by GET /_sandbox/calls; timestamp is ISO-8601 UTC with milliseconds.</summary>
public sealed record CallRecord(string Timestamp, string Method, string Path, string? UsagePointId, string? Start, string? End, int Status, double DurationMs);

internal sealed class CallLog(IOptions<SandboxOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Queue<CallRecord> _calls = new();

    public void Add(CallRecord call)
    {
        lock (_gate)
        {
            _calls.Enqueue(call);
            while (_calls.Count > options.Value.CallLogCapacity)
            {
                _calls.Dequeue();
            }
        }
    }

    public IReadOnlyList<CallRecord> All()
    {
        lock (_gate)
        {
            return [.. _calls];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _calls.Clear();
        }
    }
}

/// <summary>Logs each call to a data endpoint with the status it finally got (token, quota and fault answers included).</summary>
internal sealed class CallLogMiddleware(RequestDelegate next, CallLog log, TimeProvider time)
{
    // What a reverse proxy logs when the client hung up before the answer (e.g. it timed out on an injected delay).
    private const int ClientClosedRequest = 499;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<DataEndpointMetadata>() is null)
        {
            await next(context);
            return;
        }

        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            status = ClientClosedRequest;
        }
        finally
        {
            var query = context.Request.Query;
            string? Parameter(string name) => query.TryGetValue(name, out var value) ? value.ToString() : null;
            log.Add(new CallRecord(
                IsoTime.Format(startedAt),
                context.Request.Method,
                context.Request.Path.Value ?? "",
                Parameter("usage_point_id"),
                Parameter("start"),
                Parameter("end"),
                status,
                Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 1)));
        }
    }
}
