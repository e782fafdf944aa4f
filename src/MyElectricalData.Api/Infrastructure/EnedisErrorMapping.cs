using MyElectricalData.Enedis.Errors;

namespace MyElectricalData.Api.Infrastructure;

/// <summary>How each Enedis failure reaches an API client (SPEC §4, §5): one status, one code, a French message.</summary>
public static class EnedisErrorMapping
{
    /// <summary>Retry-After when Enedis did not answer and nothing better is known: the circuit's default pause.</summary>
    public const int UnansweredRetryAfterSeconds = 10;

    public static ApiError ToApiError(EnedisException error)
    {
        var retryAfter = error.RetryAfter is { } delay ? Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)) : (int?)null;
        return error.Kind switch
        {
            EnedisErrorKind.ConsentRequired => new ApiError(403, ErrorCodes.ConsentRequired,
                "Le consentement Enedis est absent, expiré ou révoqué (ADAM-DC-0008) : renouvelez-le depuis le tableau de bord."),
            EnedisErrorKind.NotOwner => new ApiError(403, "ADAM-DC-0007", "Enedis indique que vous n'êtes plus titulaire de ce point de livraison."),
            EnedisErrorKind.BeforeConsent => new ApiError(403, "ADAM-DC-0009", "La date de début précède la date de votre consentement Enedis."),
            EnedisErrorKind.TooOld => new ApiError(400, ErrorCodes.DateTooOld, "Enedis ne fournit pas de données aussi anciennes.", "start"),
            EnedisErrorKind.WrongMeterKind => new ApiError(400, "ADAM-ERR0069",
                "Ce compteur ne fournit pas ce type de données (consommation ou production)."),
            EnedisErrorKind.NoData => new ApiError(404, ErrorCodes.NoData, "Enedis n'a pas de données pour cette période."),
            EnedisErrorKind.UnknownUsagePoint => new ApiError(404, "STM-ERR-0000019", "Enedis ne connaît pas ce point de livraison."),
            EnedisErrorKind.QuotaExceeded => new ApiError(429, ErrorCodes.RateLimitExceeded,
                "Le quota de requêtes Enedis est atteint ; réessayez dans un instant.")
            { RetryAfterSeconds = retryAfter ?? 1 },
            EnedisErrorKind.BudgetExhausted => new ApiError(503, ErrorCodes.EnedisUnavailable,
                "Enedis est très sollicité en ce moment ; réessayez dans un instant.")
            { RetryAfterSeconds = retryAfter ?? 1 },
            // Enedis answered with an error: a bad gateway, as Enedis itself said.
            EnedisErrorKind.Unavailable when error.Status is not null => new ApiError(502, ErrorCodes.EnedisUnavailable,
                "Enedis ne répond pas correctement pour le moment ; réessayez plus tard.")
            { RetryAfterSeconds = retryAfter },
            // No answer (timeout, unreachable, calls paused by the circuit breaker): we stopped waiting, say when to come back.
            EnedisErrorKind.Unavailable => new ApiError(503, ErrorCodes.EnedisUnavailable,
                "Enedis ne répond pas pour le moment ; réessayez dans un instant.")
            { RetryAfterSeconds = retryAfter ?? UnansweredRetryAfterSeconds },
            EnedisErrorKind.InvalidRequest => new ApiError(400, error.Code ?? ErrorCodes.EnedisError, $"Enedis a refusé la requête : {error.Message}"),
            EnedisErrorKind.Unauthorized or EnedisErrorKind.BadResponse or _ => new ApiError(502, ErrorCodes.EnedisError,
                "Erreur lors de l'échange avec Enedis ; l'équipe est prévenue."),
        };
    }
}
