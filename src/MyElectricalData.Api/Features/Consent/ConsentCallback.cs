namespace MyElectricalData.Api.Features.Consent;

/// <summary>
/// Where Enedis sends the browser back after the consent page (ADR 0007 for what it trusts): the state must be one this
/// gateway issued, unused and unexpired, to a user who can consent; the usage points are then bound to that user
/// (<see cref="ConsentBinding"/>), new meters are described best-effort, and the answer is the dashboard's query string
/// (<c>consent_success=true&amp;pdl_count=X&amp;created_count=Y</c>, or <c>consent_error=&lt;code&gt;</c>).
/// </summary>
public sealed partial class ConsentCallback(ConsentState states, ConsentBinding binding, ConsentCodeCheck codes, NewMeterDescriptions meters,
    ILogger<ConsentCallback> logger)
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
        if (!await binding.CanConsentAsync(userId.Value, cancellationToken))
        {
            return Failed("invalid_state");
        }

        var verified = false;
        if (codes.Enabled)
        {
            if (await codes.ConfirmAsync(query.Code, ids, cancellationToken) is { } unconfirmed)
            {
                LogRefused(logger, unconfirmed, ids.Count);
                return Failed(unconfirmed);
            }
            verified = true;
        }
        var result = await binding.BindUsagePointsAsync(userId.Value, ids, verified, cancellationToken);
        if (result.Error is { } refused)
        {
            LogRefused(logger, refused, ids.Count);
            return Failed(refused);
        }
        await meters.DescribeAsync(result.Created, cancellationToken);
        return $"consent_success=true&pdl_count={result.Bound.Count}&created_count={result.Created.Count}";
    }

    private static string Failed(string reason) => $"consent_error={reason}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consent callback refused ({Reason}) for {Count} usage point(s)")]
    private static partial void LogRefused(ILogger logger, string reason, int count);
}
