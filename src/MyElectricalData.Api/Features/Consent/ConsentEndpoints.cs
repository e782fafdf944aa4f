using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;
using MyElectricalData.Enedis;
using MyElectricalData.Enedis.Customers;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Errors;
using MyElectricalData.Enedis.Metering;

namespace MyElectricalData.Api.Features.Consent;

/// <summary>
/// The consent round trip of SPEC §3/§4: the dashboard asks for Enedis' authorize URL, the user consents on
/// Enedis' page, Enedis sends the browser back to the callback with the usage points, which become the
/// user's PDLs, and the browser lands on the dashboard with the counts (or an error code).
/// </summary>
public static partial class ConsentEndpoints
{
    public sealed record AuthorizeResponse(string AuthorizeUrl, string Description);

    public sealed record StateValidity(bool Valid);

    public static IEndpointRouteBuilder MapConsent(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/oauth").WithTags("Consent");
        group.MapGet("/authorize", AuthorizeAsync).RequireAuthorization().WithErrorResponses()
            .WithName("ConsentAuthorize").WithSummary("Enedis' consent page URL for the caller (state valid 10 minutes, single use).");
        group.MapGet("/callback", CallbackAsync).AllowAnonymous()
            .WithName("ConsentCallback").WithSummary("Where Enedis sends the browser back; redirects to the dashboard with the result.");
        group.MapGet("/verify-state", VerifyStateAsync).RequireAuthorization().WithErrorResponses()
            .WithName("ConsentVerifyState").WithSummary("Whether a consent state is still valid (does not consume it).");
        group.MapPost("/refresh/{usage_point_id}", RefreshAsync).RequireAuthorization().WithErrorResponses()
            .WithName("ConsentRefresh").WithSummary("Renew consent for one of the caller's PDLs: a new authorize URL (kept for compatibility).");
        return app;
    }

    private static async Task<Ok<ApiResponse<AuthorizeResponse>>> AuthorizeAsync(HttpContext http, ConsentState states, IOptions<EnedisOptions> enedis,
        IConfiguration configuration)
    {
        var state = await states.IssueAsync(http.User.Id());
        return Envelope.Ok(new AuthorizeResponse(AuthorizeUrl(http, state, enedis.Value, configuration),
            "Vous allez être redirigé vers Enedis pour autoriser MyElectricalData à lire les données de vos compteurs (36 mois)."));
    }

    private static async Task<Results<Ok<ApiResponse<AuthorizeResponse>>, ApiError>> RefreshAsync(string usage_point_id, HttpContext http,
        GatewayDbContext db, ConsentState states, IOptions<EnedisOptions> enedis, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (Pdls.PdlRules.ValidateUsagePointId(usage_point_id) is { } invalid)
        {
            return invalid;
        }
        if (!await db.Pdls.AnyAsync(p => p.UsagePointId == usage_point_id && p.UserId == http.User.Id(), cancellationToken))
        {
            return Pdls.PdlRules.NotFound();
        }
        var state = await states.IssueAsync(http.User.Id());
        return Envelope.Ok(new AuthorizeResponse(AuthorizeUrl(http, state, enedis.Value, configuration),
            "Renouvelez votre consentement sur la page d'Enedis."));
    }

    private static async Task<Ok<ApiResponse<StateValidity>>> VerifyStateAsync(string? state, ConsentState states) =>
        Envelope.Ok(new StateValidity(await states.IsValidAsync(state)));

    private static async Task<RedirectHttpResult> CallbackAsync(HttpContext http, string? code, string? state, string? usage_point_id, string? error,
        ConsentState states, GatewayDbContext db, IEnedisCustomers customers, IEnedisMetering metering, IConfiguration configuration, TimeProvider time,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var dashboard = $"{FrontendUrl(http, configuration)}/dashboard";
        RedirectHttpResult Fail(string reason) => TypedResults.Redirect($"{dashboard}?consent_error={reason}");

        // The state first: whatever else is wrong, an unknown state is all an attacker learns.
        var userId = await states.TakeAsync(state);
        if (userId is null)
        {
            return Fail("invalid_state");
        }
        if (error is not null)
        {
            return Fail(error == "access_denied" ? "access_denied" : "enedis_error");
        }
        if (string.IsNullOrWhiteSpace(usage_point_id))
        {
            return Fail("no_usage_point_id");
        }
        var ids = usage_point_id.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (ids.Count == 0 || ids.Count > 50 || ids.Any(id => Pdls.PdlRules.ValidateUsagePointId(id) is not null))
        {
            return Fail("invalid_pdl_format");
        }
        if (!await db.Users.AnyAsync(u => u.Id == userId && u.IsActive, cancellationToken))
        {
            return Fail("invalid_state");
        }

        var now = time.GetUtcNow();
        var existing = await db.Pdls.Where(p => ids.Contains(p.UsagePointId)).ToListAsync(cancellationToken);
        if (existing.Any(p => p.UserId != userId))
        {
            // A usage point of another account is refused, never moved.
            return Fail("pdl_already_exists");
        }
        var created = new List<Pdl>();
        foreach (var id in ids.Where(id => existing.All(p => p.UsagePointId != id)))
        {
            var pdl = new Pdl { Id = Guid.CreateVersion7(), UserId = userId.Value, UsagePointId = id, CreatedAt = now, UpdatedAt = now };
            db.Pdls.Add(pdl);
            created.Add(pdl);
        }
        foreach (var pdl in existing)
        {
            pdl.ConsentRevokedAt = null;
            pdl.UpdatedAt = now;
        }
        db.EnedisConsents.AddRange(ids.Select(id => new EnedisConsent
        {
            Id = Guid.CreateVersion7(),
            UserId = userId.Value,
            UsagePointId = id,
            GrantedAt = now,
            ExpiresAt = now.AddMonths(36),
        }));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another account registered one of them between our check and our write.
            return Fail("pdl_already_exists");
        }

        await DescribeAsync(created, db, customers, metering, time, loggers.CreateLogger("MyElectricalData.Api.Consent"));
        return TypedResults.Redirect($"{dashboard}?consent_success=true&pdl_count={ids.Count}&created_count={created.Count}");
    }

    /// <summary>
    /// Best effort, bounded: the contract (power, off-peak hours) and whether each new meter produces. A failure
    /// here never fails the consent; the user can fetch the contract later.
    /// </summary>
    private static async Task DescribeAsync(List<Pdl> created, GatewayDbContext db, IEnedisCustomers customers, IEnedisMetering metering,
        TimeProvider time, ILogger logger)
    {
        if (created.Count == 0)
        {
            return;
        }
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var today = EnedisCalendar.Today(time);
        foreach (var pdl in created)
        {
            try
            {
                var facts = await customers.GetContractFactsAsync(pdl.UsagePointId, budget.Token);
                pdl.SubscribedPower = Pdls.FetchContract.ParsePower(facts.SubscribedPower);
                pdl.OffpeakHours = Pdls.FetchContract.ParseOffpeakHours(facts.OffpeakHours);
                pdl.ActivationDate = facts.LastActivationDate;
                await metering.GetAsync(MeteringKind.DailyProduction, pdl.UsagePointId, new DateRange(today.AddDays(-2), today), budget.Token);
                pdl.HasProduction = true;
            }
            catch (EnedisException e) when (e.Kind == EnedisErrorKind.WrongMeterKind)
            {
                pdl.HasProduction = false;
            }
            catch (Exception e) when (e is EnedisException or OperationCanceledException)
            {
                LogDescribeFailed(logger, e.Message);
            }
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static string AuthorizeUrl(HttpContext http, string state, EnedisOptions enedis, IConfiguration configuration)
    {
        var redirect = enedis.RedirectUri ?? $"{BackendUrl(http, configuration)}/api/oauth/callback";
        return $"{enedis.AuthorizeUrl}?client_id={Uri.EscapeDataString(enedis.ClientId)}&duration=P36M&response_type=code" +
            $"&state={Uri.EscapeDataString(state)}&redirect_uri={Uri.EscapeDataString(redirect)}";
    }

    private static string BackendUrl(HttpContext http, IConfiguration configuration) =>
        (configuration["BACKEND_URL"] is { Length: > 0 } url ? url : $"{http.Request.Scheme}://{http.Request.Host}").TrimEnd('/');

    private static string FrontendUrl(HttpContext http, IConfiguration configuration) =>
        (configuration["FRONTEND_URL"] is { Length: > 0 } url ? url : BackendUrl(http, configuration)).TrimEnd('/');

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not describe a new PDL after consent (contract/production): {Reason}")]
    private static partial void LogDescribeFailed(ILogger logger, string reason);
}
