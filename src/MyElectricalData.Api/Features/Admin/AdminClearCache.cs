using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.Admin;

public sealed class AdminClearCache(GatewayDbContext db, MeterCache cache) : Endpoint<UserRequest, Results<Ok<ApiResponse<MessageResponse>>, ApiError>>
{
    public override void Configure()
    {
        Delete("/users/{id:guid}/clear-cache");
        Group<AdminGroup>();
        Permissions("users.edit");
        Description(b => b.WithName("AdminClearCache"));
        Summary(s => s.Summary = "Purge a user's cached data.");
    }

    public override async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> ExecuteAsync(UserRequest request, CancellationToken ct)
    {
        if (!await db.Users.AnyAsync(u => u.Id == request.Id, ct))
        {
            return AdminUserDto.NotFound();
        }
        var usagePoints = await db.Pdls.Where(p => p.UserId == request.Id).Select(p => p.UsagePointId).ToListAsync(ct);
        var deleted = await cache.ForgetUsagePointsAsync(usagePoints);
        return Envelope.Ok(new MessageResponse($"{deleted} clé(s) de cache supprimée(s)."));
    }
}
