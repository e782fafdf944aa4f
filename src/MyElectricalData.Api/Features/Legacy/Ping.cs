using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MyElectricalData.Api.Features.Legacy;

/// <summary>The old ResponseHealthCheck (<c>waiting_estimation</c>: requests are not queued here).</summary>
public sealed record PingResponse(bool Status, string Information, string WaitingEstimation);

/// <summary><c>GET /ping</c>.</summary>
public sealed class Ping : EndpointWithoutRequest<JsonHttpResult<PingResponse>>
{
    public override void Configure()
    {
        Get("/ping");
        Group<LegacyGroup>();
        AllowAnonymous();
        Description(b => b.WithName("LegacyPing").Produces<PingResponse>(StatusCodes.Status200OK));
        Summary(s => s.Summary = "Gateway liveness, as the old /ping answered it (no authentication).");
    }

    public override Task<JsonHttpResult<PingResponse>> ExecuteAsync(CancellationToken ct) =>
        Task.FromResult(TypedResults.Json(new PingResponse(true, "MyElectricalData : passerelle opérationnelle.", "0.0s"), LegacyJson.Options));
}
