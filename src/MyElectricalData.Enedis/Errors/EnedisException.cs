namespace MyElectricalData.Enedis.Errors;

/// <summary>What went wrong, in terms the gateway acts on (SPEC §5).</summary>
public enum EnedisErrorKind
{
    /// <summary>400 invalid_request, ADAM-DC-0015 (period too long): a bug or bad input on our side.</summary>
    InvalidRequest,

    /// <summary>400 ADAM-DC-0016 / ADAM-ERR0125: start before the history limit.</summary>
    TooOld,

    /// <summary>400 ADAM-ERR0069: consumption asked on a production-only meter, or the reverse.</summary>
    WrongMeterKind,

    /// <summary>403 ADAM-DC-0008: no consent (revoked or expired).</summary>
    ConsentRequired,

    /// <summary>403 ADAM-DC-0007: the customer no longer owns this usage point (moved).</summary>
    NotOwner,

    /// <summary>403 ADAM-DC-0009: start before the consent's start.</summary>
    BeforeConsent,

    /// <summary>404 no_data_found, STM-ERR-0000014/0000020.</summary>
    NoData,

    /// <summary>404 STM-ERR-0000019.</summary>
    UnknownUsagePoint,

    /// <summary>429 Quota Q3/Q4 reached, still after retries.</summary>
    QuotaExceeded,

    /// <summary>Our own deployment-wide budget had no slot within the wait bound.</summary>
    BudgetExhausted,

    /// <summary>
    /// 5xx (<see cref="EnedisException.Status"/> set), or no answer at all: timeouts, network failures, open circuit
    /// (no status). Try again later.
    /// </summary>
    Unavailable,

    /// <summary>The company credentials were refused by the token endpoint.</summary>
    Unauthorized,

    /// <summary>
    /// The token endpoint refused to exchange a consent's code (400 invalid_grant or invalid_request, 401): unknown,
    /// expired, already used, issued to another client or for another redirect URI. The consent proves nothing.
    /// </summary>
    InvalidConsentCode,

    /// <summary>An answer we could not read.</summary>
    BadResponse,
}

/// <summary>The one error type the provider throws: a kind, Enedis' own code when it gave one, and a message.</summary>
public sealed class EnedisException(EnedisErrorKind kind, string? code, string message, int? status = null, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public EnedisErrorKind Kind { get; } = kind;

    /// <summary>Enedis' code (ADAM-DC-0008, Quota Q3 reached...), when it sent one.</summary>
    public string? Code { get; } = code;

    public int? Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Transient: the same call may succeed later.</summary>
    public bool IsTransient => Kind is EnedisErrorKind.Unavailable or EnedisErrorKind.QuotaExceeded or EnedisErrorKind.BudgetExhausted;

    public override string ToString() => $"{Kind} ({Code ?? "no code"}, HTTP {Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}): {Message}";
}
