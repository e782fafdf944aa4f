// Owns: the access tokens the sandbox issued and when each expires. Opaque random strings are enough:
// clients must treat Enedis' token as opaque anyway, and a lookup makes expiry exact.
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace MyElectricalData.EnedisSandbox.Token;

internal sealed class TokenStore(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    public string Issue(TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        // Forget expired tokens as new ones come, so a long-running sandbox does not grow without bound.
        foreach (var expired in _expiries.Where(entry => entry.Value <= now))
        {
            _expiries.TryRemove(expired);
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _expiries[token] = now + lifetime;
        return token;
    }

    public bool IsValid(string token) =>
        _expiries.TryGetValue(token, out var expiresAt) && time.GetUtcNow() < expiresAt;
}
