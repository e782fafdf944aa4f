using System.Runtime.CompilerServices;
using MyElectricalData.Data.Redis;

namespace MyElectricalData.Tests.Harness;

internal static class TestProcess
{
    /// <summary>
    /// The test process talks to Redis through several StackExchange.Redis 1.2.6 multiplexers at once (providers
    /// standing for replicas, fixtures' own connections), so it takes the same thread-pool floor as the services,
    /// with room for more of them.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize() => RedisRegistration.RaiseThreadPoolFloor(64);
}
