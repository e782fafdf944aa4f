using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MyElectricalData.Enedis.Errors;
using MyElectricalData.Enedis.Generated.Token.Oauth2.V3.Token;

namespace MyElectricalData.Enedis.Consents;

/// <summary>
/// What a consent really gave: the consent redirect's <c>usage_point_id</c> is only a query parameter anyone can
/// write, while its <c>code</c> can be exchanged once at Enedis' token endpoint for the usage points it was issued for.
/// </summary>
public interface IEnedisConsents
{
    /// <summary>Whether <see cref="ExchangeCodeAsync"/> is available here (ENEDIS_CONSENT_CODE_EXCHANGE).</summary>
    bool CodeExchangeEnabled { get; }

    /// <summary>
    /// Exchanges a consent's <paramref name="code"/> (single use) for the 14-digit usage point ids it was issued for.
    /// <paramref name="redirectUri"/> must be the one of the authorize request, exactly. Throws
    /// <see cref="EnedisException"/>: <see cref="EnedisErrorKind.InvalidConsentCode"/> when Enedis refuses the code,
    /// <see cref="EnedisErrorKind.Unavailable"/> when it cannot answer, <see cref="EnedisErrorKind.BadResponse"/>
    /// when its answer names no valid usage point; <see cref="InvalidOperationException"/> when the exchange is off.
    /// </summary>
    Task<IReadOnlyList<string>> ExchangeCodeAsync(string code, string redirectUri, CancellationToken cancellationToken);
}

/// <summary>
/// Over the token HttpClient, not the data pipeline: the token endpoint is outside the data budget. Neither the code
/// nor the token it yields is logged, tagged or kept; the token is not needed (the company token serves data calls).
/// </summary>
internal sealed partial class EnedisConsents(EnedisClients clients, IOptions<EnedisOptions> options) : IEnedisConsents
{
    private const string Endpoint = "consent_code";

    public bool CodeExchangeEnabled => options.Value.ConsentCodeExchange;

    public async Task<IReadOnlyList<string>> ExchangeCodeAsync(string code, string redirectUri, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentException.ThrowIfNullOrEmpty(redirectUri);
        var settings = options.Value;
        if (!settings.ConsentCodeExchange)
        {
            throw new InvalidOperationException("ENEDIS_CONSENT_CODE_EXCHANGE is off: this Enedis environment does not exchange consent codes.");
        }

        return await EnedisCallInstrumentation.RunAsync(Endpoint, async activity =>
        {
            var response = await clients.ConsentCodeToken().Oauth2.V3.Token.PostAsync(new TokenPostRequestBody
            {
                GrantType = TokenPostRequestBody_grant_type.Authorization_code,
                Code = code,
                RedirectUri = redirectUri,
                ClientId = settings.ClientId,
                ClientSecret = settings.ClientSecret,
            }, cancellationToken: cancellationToken);
            IReadOnlyList<string> usagePoints = (response?.UsagePointsId ?? "")
                .Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (usagePoints.Count == 0 || !usagePoints.All(UsagePointId().IsMatch))
            {
                throw new EnedisException(EnedisErrorKind.BadResponse, null, "Enedis' answer to the consent code named no valid usage point.");
            }
            activity?.SetTag("enedis.usage_points", usagePoints.Count);
            return usagePoints;
        }, cancellationToken, EnedisErrorClassifier.ClassifyCodeExchange);
    }

    [GeneratedRegex(@"^[0-9]{14}\z", RegexOptions.CultureInvariant)]
    private static partial Regex UsagePointId();
}
