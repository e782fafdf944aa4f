using Microsoft.AspNetCore.Http.HttpResults;

namespace MyElectricalData.Api.Features.Legacy;

/// <summary>The old ResponseHealthCheck (<c>waiting_estimation</c>: requests are not queued here).</summary>
public sealed record PingResponse(bool Status, string Information, string WaitingEstimation);

public static class Ping
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/ping", Handle).AllowAnonymous().WithName("LegacyPing").WithSummary("Gateway liveness, as the old /ping answered it (no authentication).");

    private static JsonHttpResult<PingResponse> Handle() =>
        TypedResults.Json(new PingResponse(true, "MyElectricalData : passerelle opérationnelle.", "0.0s"), LegacyJson.Options);
}
