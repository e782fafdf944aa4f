// Owns: the faults a test asked for, per usage point, and how many calls each still applies to.
namespace MyElectricalData.EnedisSandbox.Faults;

public enum FaultKind
{
    /// <summary>Answer an error status (500, 503...) with Enedis' body for it.</summary>
    Status,

    /// <summary>Hold the call for delay_ms, then answer 504 (a client with a shorter timeout gives up first).</summary>
    Timeout,

    /// <summary>Answer 200 with a truncated JSON body.</summary>
    Malformed,

    /// <summary>Hold the call for delay_ms, then answer normally.</summary>
    Latency,
}

/// <summary>A fault as stored and as listed; <see cref="RemainingCalls"/> null = until cleared.</summary>
public sealed record Fault(string UsagePointId, FaultKind Kind, int? Status, int? DelayMs, int? RemainingCalls);

internal sealed class FaultStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Fault> _faults = new(StringComparer.Ordinal);

    public void Set(Fault fault)
    {
        lock (_gate)
        {
            _faults[fault.UsagePointId] = fault;
        }
    }

    /// <summary>The fault to apply to this call, counting it against the fault's remaining calls.</summary>
    public Fault? Take(string usagePointId)
    {
        lock (_gate)
        {
            if (!_faults.TryGetValue(usagePointId, out var fault))
            {
                return null;
            }

            if (fault.RemainingCalls is { } remaining)
            {
                if (remaining <= 1)
                {
                    _faults.Remove(usagePointId);
                }
                else
                {
                    _faults[usagePointId] = fault with { RemainingCalls = remaining - 1 };
                }
            }

            return fault;
        }
    }

    public IReadOnlyList<Fault> All()
    {
        lock (_gate)
        {
            return [.. _faults.Values.OrderBy(fault => fault.UsagePointId, StringComparer.Ordinal)];
        }
    }

    public void Clear(string? usagePointId = null)
    {
        lock (_gate)
        {
            if (usagePointId is null)
            {
                _faults.Clear();
            }
            else
            {
                _faults.Remove(usagePointId);
            }
        }
    }
}
