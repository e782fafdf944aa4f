using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;
using MyElectricalData.Enedis.Consents;
using MyElectricalData.Enedis.Customers;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Errors;
using MyElectricalData.Enedis.Metering;

namespace MyElectricalData.Api.Features.Consent;

/// <summary>
/// Where Enedis sends the browser back after the consent page (ADR 0007 for what it trusts): the state must be one this
/// gateway issued, unused and unexpired, to a user who can consent; the usage points are then bound to that user
/// (<see cref="ConsentBinding"/>), new meters are described best-effort, and the answer is the dashboard's query string
/// (<c>consent_success=true&amp;pdl_count=X&amp;created_count=Y</c>, or <c>consent_error=&lt;code&gt;</c>).
/// </summary>
public sealed partial class ConsentCallback(ConsentState states, GatewayDbContext db, ConsentBinding binding, IEnedisConsents consents,
    PublicUrls urls, IEnedisCustomers customers, IEnedisMetering metering, TimeProvider time, ILogger<ConsentCallback> logger)
{
    public sealed record Query(string? Code, string? State, string? UsagePointId, string? Error);

    /// <summary>More usage points than this in one consent is not something Enedis sends.</summary>
    private const int MaxUsagePoints = 50;

    public async Task<string> HandleAsync(Query query, CancellationToken cancellationToken)
    {
        // The state first: whatever else is wrong, an unknown state is all an attacker learns.
        var userId = await states.TakeAsync(query.State);
        if (userId is null)
        {
            return Failed("invalid_state");
        }
        if (query.Error is not null)
        {
            return Failed(query.Error == "access_denied" ? "access_denied" : "enedis_error");
        }
        if (string.IsNullOrWhiteSpace(query.UsagePointId))
        {
            return Failed("no_usage_point_id");
        }
        var ids = query.UsagePointId.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (ids.Count == 0 || ids.Count > MaxUsagePoints || ids.Any(id => Pdls.PdlRules.ValidateUsagePointId(id) is not null))
        {
            return Failed("invalid_pdl_format");
        }
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is not { IsActive: true } || user.Email == CurrentUser.DemoEmail)
        {
            return Failed("invalid_state");
        }

        var verified = false;
        if (consents.CodeExchangeEnabled)
        {
            if (await ConfirmAsync(query.Code, ids, cancellationToken) is { } unconfirmed)
            {
                LogRefused(logger, unconfirmed, ids.Count);
                return Failed(unconfirmed);
            }
            verified = true;
        }
        var result = await binding.BindUsagePointsAsync(user.Id, ids, verified, cancellationToken);
        if (result.Error is { } refused)
        {
            LogRefused(logger, refused, ids.Count);
            return Failed(refused);
        }
        await DescribeAsync(result.Created, cancellationToken);
        return $"consent_success=true&pdl_count={result.Bound.Count}&created_count={result.Created.Count}";
    }

    private static string Failed(string reason) => $"consent_error={reason}";

    /// <summary>
    /// Null when Enedis confirms that <paramref name="code"/> was issued, to us, for exactly these usage points (the
    /// code is single-use and bound to our redirect URI); otherwise the dashboard's error code.
    /// </summary>
    private async Task<string?> ConfirmAsync(string? code, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 512)
        {
            return "invalid_code";
        }
        try
        {
            var confirmed = await consents.ExchangeCodeAsync(code, urls.ConsentRedirectUri, cancellationToken);
            return confirmed.ToHashSet(StringComparer.Ordinal).SetEquals(ids) ? null : "invalid_code";
        }
        catch (EnedisException e) when (e.Kind == EnedisErrorKind.InvalidConsentCode)
        {
            return "invalid_code";
        }
        catch (EnedisException)
        {
            // Enedis could not confirm it now: nothing is bound, the user can try again.
            return "enedis_error";
        }
    }

    /// <summary>
    /// Best effort, bounded: the contract (power, off-peak hours) and whether each new meter produces. A failure
    /// here never fails the consent; the user can fetch the contract later.
    /// </summary>
    private async Task DescribeAsync(IReadOnlyList<Pdl> created, CancellationToken cancellationToken)
    {
        if (created.Count == 0)
        {
            return;
        }
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(TimeSpan.FromSeconds(10));
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consent callback refused ({Reason}) for {Count} usage point(s)")]
    private static partial void LogRefused(ILogger logger, string reason, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not describe a new PDL after consent (contract/production): {Reason}")]
    private static partial void LogDescribeFailed(ILogger logger, string reason);
}
