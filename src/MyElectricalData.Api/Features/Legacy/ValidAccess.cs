using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Features.Consent;
using MyElectricalData.Api.Features.MeterData;
using MyElectricalData.Api.Features.Quotas;

namespace MyElectricalData.Api.Features.Legacy;

/// <summary>
/// The old ResponseValidAccess. <c>call_number</c> and the quota fields are today's requests that reached
/// Enedis (the counter the old gateway limited); <c>last_call</c> is not tracked here and is left out.
/// </summary>
public sealed record ValidAccessResponse(bool Valid, string Information, DateTimeOffset? ConsentExpirationDate, long CallNumber, bool QuotaReached,
    int QuotaLimit, DateTimeOffset QuotaResetAt, bool Ban);

/// <summary><c>GET /valid_access/{id}</c>: whether the gateway can read that usage point for the caller, without calling Enedis.</summary>
public sealed class ValidAccess(MeterAccess access, UsageCounters counters, IOptions<QuotaOptions> quotas, TimeProvider time)
    : Endpoint<UsagePointRequest, JsonHttpResult<ValidAccessResponse>>
{
    public override void Configure()
    {
        Get("/valid_access/{usage_point_id}");
        Group<LegacyGroup>();
        Description(b => b.WithName("LegacyValidAccess").Produces<ValidAccessResponse>(StatusCodes.Status200OK));
        Summary(s => s.Summary = "Whether the usage point is readable (consent, quota), as the old /valid_access answered it.");
    }

    public override async Task<JsonHttpResult<ValidAccessResponse>> ExecuteAsync(UsagePointRequest request, CancellationToken ct)
    {
        var (pdl, _) = await access.AuthorizeAsync(HttpContext, request.UsagePointId, ct);
        var now = time.GetUtcNow();
        var usage = await counters.GetAsync(pdl.UserId);
        var limit = quotas.Value.NoCacheLimit;
        var quotaReached = !User.IsAdmin() && usage.NoCacheRequests >= limit;
        var (valid, information) = ConsentRules.Status(pdl, now) switch
        {
            "awaiting_consent" => (false, "Ce point de livraison attend votre consentement Enedis : donnez-le depuis le tableau de bord."),
            "revoked" => (false, "Le consentement Enedis a été révoqué : renouvelez-le depuis le tableau de bord."),
            "expired" => (false, "Le consentement Enedis a expiré : renouvelez-le depuis le tableau de bord."),
            _ when quotaReached => (true, "Accès valide, mais le quota quotidien d'appels à Enedis est atteint (seul le cache répond)."),
            _ => (true, "Accès valide."),
        };
        var resetAt = new DateTimeOffset(usage.Date.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return TypedResults.Json(new ValidAccessResponse(valid, information, pdl.ConsentExpiresAt, usage.NoCacheRequests, quotaReached, limit, resetAt, Ban: false),
            LegacyJson.Options);
    }
}
