namespace MyElectricalData.Tests.EnedisSandbox;

/// <summary>
/// A clock set to a chosen instant. By default it keeps running (real time shifted), so the sandbox's sliding
/// windows behave as in production; frozen, it only moves when told to.
/// </summary>
internal sealed class TestClock(DateTimeOffset start, bool frozen = false) : TimeProvider
{
    private readonly Lock _gate = new();
    private TimeSpan _offset = start - System.GetUtcNow();
    private DateTimeOffset _frozenAt = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return frozen ? _frozenAt : System.GetUtcNow() + _offset;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _offset += by;
            _frozenAt += by;
        }
    }
}
