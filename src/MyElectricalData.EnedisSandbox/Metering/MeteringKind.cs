// Owns: the five metering endpoints of Enedis Data Connect v5 (paths and what each measures).
// The published production files wrongly declare the consumption paths; these are the real ones (SPEC §5).
namespace MyElectricalData.EnedisSandbox.Metering;

internal enum Flow
{
    Consumption,
    Production,
}

internal enum Measure
{
    DailyEnergy,
    LoadCurve,
    MaxPower,
}

internal sealed record MeteringKind(string Path, string Name, Flow Flow, Measure Measure)
{
    public static readonly MeteringKind DailyConsumption = new("/metering_data_dc/v5/daily_consumption", "DailyConsumption", Flow.Consumption, Measure.DailyEnergy);
    public static readonly MeteringKind ConsumptionLoadCurve = new("/metering_data_clc/v5/consumption_load_curve", "ConsumptionLoadCurve", Flow.Consumption, Measure.LoadCurve);
    public static readonly MeteringKind DailyConsumptionMaxPower = new("/metering_data_dcmp/v5/daily_consumption_max_power", "DailyConsumptionMaxPower", Flow.Consumption, Measure.MaxPower);
    public static readonly MeteringKind DailyProduction = new("/metering_data_dp/v5/daily_production", "DailyProduction", Flow.Production, Measure.DailyEnergy);
    public static readonly MeteringKind ProductionLoadCurve = new("/metering_data_plc/v5/production_load_curve", "ProductionLoadCurve", Flow.Production, Measure.LoadCurve);

    public static readonly IReadOnlyList<MeteringKind> All =
        [DailyConsumption, ConsumptionLoadCurve, DailyConsumptionMaxPower, DailyProduction, ProductionLoadCurve];

    public bool IsLoadCurve => Measure == Measure.LoadCurve;
}
