using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.Accounts;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;

namespace MyElectricalData.Api.Features.Admin;

public sealed class AdminDeleteUser(AccountDeletion deletion) : Endpoint<UserRequest, Results<Ok<ApiResponse<MessageResponse>>, ApiError>>
{
    public override void Configure()
    {
        Delete("/users/{id:guid}");
        Group<AdminGroup>();
        Permissions("users.delete");
        Description(b => b.WithName("AdminDeleteUser"));
        Summary(s => s.Summary = "Delete an account (not one's own).");
    }

    public override async Task<Results<Ok<ApiResponse<MessageResponse>>, ApiError>> ExecuteAsync(UserRequest request, CancellationToken ct)
    {
        if (request.Id == User.Id())
        {
            return ApiError.Forbidden("Vous ne pouvez pas supprimer votre propre compte depuis l'administration.");
        }
        return await deletion.DeleteAsync(request.Id, ct)
            ? Envelope.Ok(new MessageResponse("Compte supprimé."))
            : AdminUserDto.NotFound();
    }
}
