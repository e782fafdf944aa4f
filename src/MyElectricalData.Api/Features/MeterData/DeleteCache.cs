using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.MeterData;

/// <summary><c>DELETE /api/enedis/cache/{usage_point_id}</c>.</summary>
public sealed class DeleteCache(MeterAccess access, MeterCache cache) : Endpoint<UsagePointRequest, Ok<ApiResponse<MessageResponse>>>
{
    public override void Configure()
    {
        Delete("/cache/{usage_point_id}");
        Group<EnedisDataGroup>();
        Description(b => b.WithName("DeleteCache"));
        Summary(s => s.Summary = "Remove the caller's cached data of one PDL.");
    }

    public override async Task<Ok<ApiResponse<MessageResponse>>> ExecuteAsync(UsagePointRequest request, CancellationToken ct)
    {
        await access.AuthorizeAsync(HttpContext, request.UsagePointId, ct);
        var deleted = await cache.ForgetUsagePointAsync(request.UsagePointId);
        return Envelope.Ok(new MessageResponse($"{deleted} entrée(s) de cache supprimée(s)."));
    }
}
