using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;

namespace MyElectricalData.Api.Features.Consent;

public sealed record StateValidity(bool Valid);

public sealed class ConsentStateRequest
{
    [QueryParam]
    public string? State { get; init; }
}

/// <summary>
/// <c>GET /api/oauth/verify-state?state=</c>: only the caller's own states; anyone else's is "not valid", so this cannot
/// probe other people's round trips. Does not consume the state.
/// </summary>
public sealed class ConsentVerifyState(ConsentState states) : Endpoint<ConsentStateRequest, Ok<ApiResponse<StateValidity>>>
{
    public override void Configure()
    {
        Get("/verify-state");
        Group<ConsentGroup>();
        Description(b => b.WithName("ConsentVerifyState"));
        Summary(s => s.Summary = "Whether a consent state is still valid (does not consume it).");
    }

    public override async Task<Ok<ApiResponse<StateValidity>>> ExecuteAsync(ConsentStateRequest request, CancellationToken ct) =>
        Envelope.Ok(new StateValidity(await states.IsValidForAsync(request.State, User.Id())));
}
