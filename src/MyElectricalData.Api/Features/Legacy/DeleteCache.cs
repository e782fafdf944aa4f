using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.MeterData;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.Legacy;

/// <summary><c>DELETE /cache/{id}</c>: forget everything cached for one of the caller's usage points.</summary>
public static class DeleteCache
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapDelete("/cache/{usage_point_id}", HandleAsync).WithName("LegacyDeleteCache")
            .WithSummary("Remove every cached value of the usage point, as the old DELETE /cache answered it.");

    private static async Task<JsonHttpResult<LegacyPurgeResponse>> HandleAsync(HttpContext http, string usage_point_id, MeterRequests requests,
        MeterCache cache, CancellationToken cancellationToken)
    {
        await requests.AuthorizeAsync(http, usage_point_id, cancellationToken);
        var deleted = await cache.ForgetUsagePointAsync(usage_point_id);
        return TypedResults.Json(new LegacyPurgeResponse(usage_point_id, [http.Request.Path.Value ?? ""], deleted > 0), LegacyJson.Options);
    }
}
