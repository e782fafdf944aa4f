using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Quotas;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Admin;

public sealed class AdminResetQuota(GatewayDbContext db, UsageCounters counters) : Endpoint<UserRequest, Results<Ok<ApiResponse<MessageResponse>>, ApiError>>
{
    public override void Configure()
    {
        Post("/users/{id:guid}/reset-quota");
        Group<AdminGroup>();
        Permissions("users.edit");
        Description(b => b.WithName("AdminResetQuota"));
        Summary(s => s.Summary = "Reset today's counters of a user.");
    }

    public override async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> ExecuteAsync(UserRequest request, CancellationToken ct)
    {
        if (!await db.Users.AnyAsync(u => u.Id == request.Id, ct))
        {
            return AdminUserDto.NotFound();
        }
        await counters.ResetAsync(request.Id);
        return Envelope.Ok(new MessageResponse("Quotas du jour remis à zéro."));
    }
}
