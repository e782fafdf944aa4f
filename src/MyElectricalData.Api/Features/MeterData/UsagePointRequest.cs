using FastEndpoints;

namespace MyElectricalData.Api.Features.MeterData;

/// <summary>A route about one of the caller's usage points, by its number (the /api and legacy data routes, consent refresh).</summary>
public sealed class UsagePointRequest
{
    /// <summary>The usage point (PDL) number, 14 digits.</summary>
    [BindFrom("usage_point_id")]
    public string UsagePointId { get; init; } = "";
}
