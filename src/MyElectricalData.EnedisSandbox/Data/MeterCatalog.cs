// Owns: what kind of meter each usage point is (produces or not, subscribed power, off-peak hours, how much the
// household consumes), derived from its id and the configured lists so it never changes between runs.
using Microsoft.Extensions.Options;

namespace MyElectricalData.EnedisSandbox.Data;

internal sealed record MeterProfile(
    string UsagePointId,
    bool Produces,
    int SubscribedKva,
    string OffpeakHours,
    double BaseDailyKwh,
    double SummerPeakProductionKwh,
    DateOnly ActivationDate);

internal sealed class MeterCatalog(IOptions<SandboxOptions> options)
{
    private static readonly string[] OffpeakChoices =
    [
        "HC (22H00-6H00)",
        "HC (23H00-7H00)",
        "HC (22H30-6H30)",
        "HC (1H00-7H00;12H30-14H30)",
    ];

    private readonly HashSet<string> _producers = [.. UsagePointIds.ParseList(options.Value.ProductionUsagePoints)];
    private readonly HashSet<string> _consumersOnly = [.. UsagePointIds.ParseList(options.Value.ConsumptionOnlyUsagePoints)];
    private readonly HashSet<string> _noData = [.. UsagePointIds.ParseList(options.Value.NoDataUsagePoints)];

    public bool HasData(string usagePointId) => !_noData.Contains(usagePointId);

    public bool Produces(string usagePointId) =>
        _producers.Contains(usagePointId)
        || (!_consumersOnly.Contains(usagePointId) && (usagePointId[^1] - '0') % 2 == 0);

    public MeterProfile Profile(string usagePointId)
    {
        var random = DeterministicRandom.For(usagePointId, "profile");
        var produces = Produces(usagePointId);
        // The specification's demo: 15-25 kWh/day around a 20 kWh household; solar 3 (winter) to 20 (summer) kWh/day.
        var baseDailyKwh = random.Between(17, 21);
        return new MeterProfile(
            usagePointId,
            produces,
            SubscribedKva: produces ? 9 : 6,
            OffpeakHours: random.Pick(OffpeakChoices),
            BaseDailyKwh: baseDailyKwh,
            SummerPeakProductionKwh: produces ? random.Between(18, 21) : 0,
            ActivationDate: new DateOnly(2012, 1, 1).AddDays(random.NextInt(5 * 365)));
    }
}
