using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.MeterData;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.Legacy;

/// <summary><c>DELETE /cache/{id}</c>: forget everything cached for one of the caller's usage points.</summary>
public sealed class LegacyDeleteCache(MeterAccess access, MeterCache cache) : Endpoint<UsagePointRequest, JsonHttpResult<LegacyPurgeResponse>>
{
    public override void Configure()
    {
        Delete("/cache/{usage_point_id}");
        Group<LegacyGroup>();
        Description(b => b.WithName("LegacyDeleteCache").Produces<LegacyPurgeResponse>(StatusCodes.Status200OK));
        Summary(s => s.Summary = "Remove every cached value of the usage point, as the old DELETE /cache answered it.");
    }

    public override async Task<JsonHttpResult<LegacyPurgeResponse>> ExecuteAsync(UsagePointRequest request, CancellationToken ct)
    {
        await access.AuthorizeAsync(HttpContext, request.UsagePointId, ct);
        var deleted = await cache.ForgetUsagePointAsync(request.UsagePointId);
        return TypedResults.Json(new LegacyPurgeResponse(request.UsagePointId, [HttpContext.Request.Path.Value ?? ""], deleted > 0), LegacyJson.Options);
    }
}
