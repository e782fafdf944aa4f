using System.Security.Cryptography;
using System.Text;
using MyElectricalData.Data.Accounts;
using StackExchange.Redis;

namespace MyElectricalData.Api.Features.Consent;

/// <summary>
/// The OAuth2 <c>state</c> of a consent round trip: unguessable, bound to the user who started it, signed, usable
/// once, valid 10 minutes. Stored in Redis so that any replica can finish the round trip.
/// </summary>
public sealed class ConsentState(IConnectionMultiplexer redis, SecretProtector secrets)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private const string TakeScript = "local v = redis.call('GET', KEYS[1]) if v then redis.call('DEL', KEYS[1]) end return v";

    public async Task<string> IssueAsync(Guid userId)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var state = $"{nonce}.{Signature(nonce, userId)}";
        await redis.GetDatabase().StringSetAsync(Key(nonce), userId.ToString(), Lifetime);
        return state;
    }

    /// <summary>The user the state was issued to, consuming it; null when unknown, expired, used or forged.</summary>
    public async Task<Guid?> TakeAsync(string? state)
    {
        if (Parse(state) is not { } nonce)
        {
            return null;
        }
        var stored = (string?)await redis.GetDatabase().ScriptEvaluateAsync(TakeScript, [Key(nonce)]);
        return Guid.TryParse(stored, out var userId) && Verify(state!, nonce, userId) ? userId : null;
    }

    /// <summary>Whether the state is still valid and was issued to <paramref name="userId"/>, without consuming it.</summary>
    public async Task<bool> IsValidForAsync(string? state, Guid userId)
    {
        if (Parse(state) is not { } nonce)
        {
            return false;
        }
        var stored = (string?)await redis.GetDatabase().StringGetAsync(Key(nonce));
        return Guid.TryParse(stored, out var owner) && owner == userId && Verify(state!, nonce, owner);
    }

    private static string? Parse(string? state) =>
        state is { Length: > 10 and < 200 } && state.Split('.') is [var nonce, { Length: > 0 }] ? nonce : null;

    private bool Verify(string state, string nonce, Guid userId) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(state), Encoding.ASCII.GetBytes($"{nonce}.{Signature(nonce, userId)}"));

    private string Signature(string nonce, Guid userId) => secrets.HashSecret($"consent-state:{userId:N}:{nonce}")[..32];

    private static string Key(string nonce) => $"consent:state:{nonce}";
}
