using System.Security.Cryptography;
using System.Text;
using MyElectricalData.Api.Infrastructure;
using StackExchange.Redis;

namespace MyElectricalData.Api.Features.Auth;

/// <summary>
/// Brute-force protection for password and client-credential checks, shared by every replica through Redis:
/// after too many failures for one account or from one client address within the window, further attempts
/// get 429 with Retry-After until the window ends. A success clears the account's counter.
/// </summary>
public sealed class LoginThrottle(IConnectionMultiplexer redis, IConfiguration configuration)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly int _maxFailuresPerAccount = SecurityOptionsSetup.Int(configuration["LOGIN_MAX_FAILURES_PER_ACCOUNT"], 5, "LOGIN_MAX_FAILURES_PER_ACCOUNT");

    // Higher: several people may share one address (a household, an office behind NAT).
    private readonly int _maxFailuresPerAddress = SecurityOptionsSetup.Int(configuration["LOGIN_MAX_FAILURES_PER_ADDRESS"], 20, "LOGIN_MAX_FAILURES_PER_ADDRESS");

    /// <summary>The error to answer with when locked out, otherwise null.</summary>
    public async Task<ApiError?> CheckAsync(string account, string? address)
    {
        var db = redis.GetDatabase();
        var accountKey = AccountKey(account);
        var addressKey = AddressKey(address);
        var counts = await db.StringGetAsync([accountKey, addressKey]);
        var retryAfter = TimeSpan.Zero;
        if ((long?)counts[0] >= _maxFailuresPerAccount)
        {
            retryAfter = await db.KeyTimeToLiveAsync(accountKey) ?? Window;
        }
        if ((long?)counts[1] >= _maxFailuresPerAddress)
        {
            var ttl = await db.KeyTimeToLiveAsync(addressKey) ?? Window;
            retryAfter = ttl > retryAfter ? ttl : retryAfter;
        }
        if (retryAfter == TimeSpan.Zero)
        {
            return null;
        }
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        return ApiError.TooManyRequests($"Trop de tentatives. Réessayez dans {Math.Ceiling(seconds / 60.0)} minute(s).", seconds);
    }

    public async Task RecordFailureAsync(string account, string? address)
    {
        var db = redis.GetDatabase();
        foreach (var key in new[] { AccountKey(account), AddressKey(address) })
        {
            if (await db.StringIncrementAsync(key) == 1)
            {
                await db.KeyExpireAsync(key, Window);
            }
        }
    }

    public Task RecordSuccessAsync(string account) => redis.GetDatabase().KeyDeleteAsync(AccountKey(account));

    // Hashed: emails are personal data, and Redis keys show up in monitoring tools.
    private static string AccountKey(string account) =>
        "login:fail:account:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(account.Trim().ToLowerInvariant())))[..32];

    private static string AddressKey(string? address) => "login:fail:address:" + (address ?? "unknown");
}
