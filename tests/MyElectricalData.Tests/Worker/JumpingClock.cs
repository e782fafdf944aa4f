namespace MyElectricalData.Tests.Worker;

/// <summary>
/// A clock that runs like real time from a chosen instant and can jump ahead; its timers (hence
/// <c>Task.Delay(.., clock, ..)</c>) fire when the clock, jumps included, reaches their due time. A worker's
/// "morning" then takes milliseconds while short real waits (budget spacing) still work.
/// </summary>
internal sealed class JumpingClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private TimeSpan _offset = start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return System.GetUtcNow() + _offset;
        }
    }

    public void JumpTo(DateTimeOffset instant)
    {
        lock (_gate)
        {
            _offset = instant - System.GetUtcNow();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new JumpingTimer(this, callback, state, dueTime, period);

    /// <summary>Checks every 10 ms of real time whether the clock reached the due time.</summary>
    private sealed class JumpingTimer : ITimer
    {
        private readonly JumpingClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly Timer _poll;
        private readonly Lock _gate = new();
        private DateTimeOffset? _due;
        private TimeSpan _period;

        public JumpingTimer(JumpingClock clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            Change(dueTime, period);
            _poll = new Timer(_ => Tick(), null, 0, 10);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _due = dueTime == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + dueTime;
                _period = period;
            }
            return true;
        }

        private void Tick()
        {
            lock (_gate)
            {
                if (_due is not { } due || _clock.GetUtcNow() < due)
                {
                    return;
                }
                _due = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : due + _period;
            }
            _callback(_state);
        }

        public void Dispose() => _poll.Dispose();

        public ValueTask DisposeAsync() => _poll.DisposeAsync();
    }
}
