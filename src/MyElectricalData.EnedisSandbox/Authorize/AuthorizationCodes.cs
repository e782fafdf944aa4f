// Owns: the authorization codes an accepted consent issues. Each is random, short-lived (Sandbox:CodeLifetimeSeconds),
// single use, and bound to what the customer consented to, for which client, and where the browser was sent back.
// The token API redeems them (grant_type=authorization_code); nothing else reads them.
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace MyElectricalData.EnedisSandbox.Authorize;

internal sealed class AuthorizationCodes(TimeProvider time, IOptions<SandboxOptions> options)
{
    private readonly ConcurrentDictionary<string, IssuedCode> _codes = new(StringComparer.Ordinal);

    public string Issue(string clientId, string redirectUri, IReadOnlyList<string> usagePoints)
    {
        var now = time.GetUtcNow();
        // Forget expired codes as new ones come, so a long-running sandbox does not grow without bound.
        foreach (var expired in _codes.Where(entry => entry.Value.ExpiresAt <= now))
        {
            _codes.TryRemove(expired);
        }

        var code = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        _codes[code] = new IssuedCode(clientId, redirectUri, usagePoints, now + TimeSpan.FromSeconds(options.Value.CodeLifetimeSeconds));
        return code;
    }

    /// <summary>
    /// The usage points the code was issued for, or why it cannot be exchanged. The code is spent by this call
    /// whatever the outcome (RFC 6749 §4.1.2: an authorization code is used once), so a wrong redirect URI or
    /// another client does not leave it for a second try.
    /// </summary>
    public (IReadOnlyList<string>? UsagePoints, string? Refusal) Redeem(string code, string clientId, string? redirectUri)
    {
        if (!_codes.TryRemove(code, out var issued) || issued.ExpiresAt <= time.GetUtcNow())
        {
            return (null, "The authorization code is unknown, expired or already used");
        }

        if (issued.ClientId != clientId)
        {
            return (null, "The authorization code was issued to another client");
        }

        // Simple string comparison, as RFC 6749 §4.1.3 asks: the URI the consent redirected to, exactly.
        if (!string.Equals(issued.RedirectUri, redirectUri, StringComparison.Ordinal))
        {
            return (null, "redirect_uri does not match the one of the authorization request");
        }

        return (issued.UsagePoints, null);
    }

    private sealed record IssuedCode(string ClientId, string RedirectUri, IReadOnlyList<string> UsagePoints, DateTimeOffset ExpiresAt);
}
