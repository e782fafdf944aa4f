using MyElectricalData.Enedis.Consents;
using MyElectricalData.Enedis.Errors;

namespace MyElectricalData.Api.Features.Consent;

/// <summary>
/// When the company's Enedis contract allows it, the consent callback's code is exchanged with Enedis, which says which
/// usage points the user really consented for (ADR 0007): only those are bound.
/// </summary>
public sealed class ConsentCodeCheck(IEnedisConsents consents, PublicUrls urls)
{
    public bool Enabled => consents.CodeExchangeEnabled;

    /// <summary>
    /// Null when Enedis confirms that <paramref name="code"/> was issued, to us, for exactly these usage points (the
    /// code is single-use and bound to our redirect URI); otherwise the dashboard's error code.
    /// </summary>
    public async Task<string?> ConfirmAsync(string? code, IReadOnlyList<string> ids, CancellationToken cancellationToken)
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
}
