using System.Runtime.CompilerServices;

namespace MyElectricalData.Tests;

internal static class TestProcess
{
    /// <summary>
    /// The test host holds two thread-pool threads for the whole run: VSTest's message loop polls its socket
    /// synchronously and xunit's adapter waits synchronously for the assembly's run. On a two-core machine those
    /// are the pool's whole minimum, so every continuation of the test process ran on threads the pool injected
    /// above it, and whenever hill climbing took the pool back down, continuations waited 0.5 to 1 s for the
    /// starvation check (measured: Task.Delay(10) waking 0.9 to 1 s late, 13 items queued, idle workers parked;
    /// the budget's burst then lost ~2 s and reached 4.50 to 4.55 calls/s instead of 4.72). A service process
    /// has no such threads; the floor gives the two back so that providers standing for replicas here get the
    /// pool a process of their own would have.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        var floor = Environment.ProcessorCount + 2;
        ThreadPool.SetMinThreads(Math.Max(workers, floor), Math.Max(io, floor));
    }
}
