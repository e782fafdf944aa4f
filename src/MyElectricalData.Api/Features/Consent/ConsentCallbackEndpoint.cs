using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MyElectricalData.Api.Features.Consent;

public sealed class ConsentCallbackRequest
{
    [QueryParam]
    public string? Code { get; init; }

    [QueryParam]
    public string? State { get; init; }

    [QueryParam]
    public string? UsagePointId { get; init; }

    [QueryParam]
    public string? Error { get; init; }
}

/// <summary><c>GET /api/oauth/callback</c>: where Enedis sends the browser back (anonymous: the signed state says whose round trip it is).</summary>
public sealed class ConsentCallbackEndpoint(ConsentCallback callback, PublicUrls urls) : Endpoint<ConsentCallbackRequest, RedirectHttpResult>
{
    public override void Configure()
    {
        Get("/callback");
        Group<ConsentGroup>();
        AllowAnonymous();
        // A redirect to the dashboard, whatever happened (the result is in its query). The 200 is the document's convention for
        // "this operation succeeds" (every /api operation documents a success); browsers only ever see the 302.
        Description(b => b.WithName("ConsentCallback").Produces(StatusCodes.Status302Found).Produces(StatusCodes.Status200OK));
        Summary(s => s.Summary = "Where Enedis sends the browser back; redirects to the dashboard with the result.");
    }

    public override async Task<RedirectHttpResult> ExecuteAsync(ConsentCallbackRequest request, CancellationToken ct)
    {
        var result = await callback.HandleAsync(new ConsentCallback.Query(request.Code, request.State, request.UsagePointId, request.Error), ct);
        return TypedResults.Redirect($"{urls.Dashboard}?{result}");
    }
}
