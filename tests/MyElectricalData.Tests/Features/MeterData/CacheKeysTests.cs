using MyElectricalData.Enedis.Dates;
using MyElectricalData.MeterData;

namespace MyElectricalData.Tests.Features.MeterData;

/// <summary>Which keys a usage point's purge takes: its days and no-data markers of every kind, nothing else's.</summary>
public sealed class CacheKeysTests
{
    private const string UsagePoint = "12345678901234";
    private static readonly DateOnly Day = new(2026, 11, 30);

    [Fact]
    public void EveryKindsDaysAndNoDataMarkersAreTheUsagePoints()
    {
        foreach (var kind in Enum.GetValues<MeteringKind>())
        {
            CacheKeys.IsUsagePointDay(CacheKeys.Day(kind, UsagePoint, Day), UsagePoint).ShouldBeTrue(kind.ToString());
            CacheKeys.IsUsagePointDay(CacheKeys.NoData(kind, UsagePoint, Day), UsagePoint).ShouldBeTrue(kind.ToString());
        }
    }

    [Theory]
    [InlineData("prewarm:2026-11-30:12345678901234")]
    [InlineData("lease:consumption:daily:12345678901234:20261101:20261130:cached")]
    [InlineData("consumption:daily:12345678901235:2026-11-30")]
    [InlineData("consumption:daily:12345678901234:2026-11-30:extra")]
    [InlineData("customer:contracts:12345678901234")]
    [InlineData("other:daily:12345678901234:2026-11-30")]
    public void OtherKeysAboutTheUsagePointAreNot(string key) => CacheKeys.IsUsagePointDay(key, UsagePoint).ShouldBeFalse();
}
