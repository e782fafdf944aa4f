using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Infrastructure;
using StackExchange.Redis;

namespace MyElectricalData.Api.Features.Auth;

/// <summary>
/// Brute-force protection for password and client-credential checks, shared by every replica through Redis.
/// It owns the <c>login:</c> keys. Four limits, checked and counted together by one script:
/// <list type="bullet">
/// <item>failures for one account <em>from one address</em> (LOGIN_MAX_FAILURES_PER_ACCOUNT per 15 min): that
/// address is locked out of that account until the window ends (429, Retry-After);</item>
/// <item>failures for one account from every address (LOGIN_ACCOUNT_BACKOFF_AFTER): past it, an address that has
/// already failed on the account must wait 2^k s (at most LOGIN_ACCOUNT_BACKOFF_MAX_SECONDS) after the account's
/// last failure. It only delays, never refuses for good, and an address that has not failed on the account is
/// not delayed at all: otherwise an attacker retrying as soon as allowed would keep the owner out, which is the
/// denial of service an account-wide lock-out was. What that leaves a spread-out attacker, one guess per fresh
/// address and window, is what the per-address failure limit bounds;</item>
/// <item>failures from one address over every account (LOGIN_MAX_FAILURES_PER_ADDRESS per 15 min);</item>
/// <item>attempts that succeed from one address (LOGIN_MAX_SUCCESSES_PER_ADDRESS per minute): each costs a slow
/// password hash, so a flood of right passwords must not starve the other requests either.</item>
/// </list>
/// An attempt is counted before the password is checked, as a failure and as a success, so that concurrent
/// attempts cannot all pass the same check; the outcome then takes back the count that did not happen. An
/// attempt whose outcome never comes (a crash) stays a failure.
/// </summary>
public sealed class LoginThrottle(IConnectionMultiplexer redis, IConfiguration configuration)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan SuccessWindow = TimeSpan.FromMinutes(1);

    // KEYS: 1 failures of the account from the address, 2 failures of the account, 3 time of the account's last
    // failure (Unix ms), 4 failures from the address, 5 successes from the address.
    // ARGV: 1 max per account and address, 2 account failures before the backoff, 3 backoff cap (ms),
    // 4 max failures per address, 5 max successes per address, 6 failure window (ms), 7 success window (ms).
    // Answers {0, 0} when the attempt was counted, otherwise {refusal, ms to wait}: the longest wait wins, as a
    // client that came back sooner would be refused again.
    private const string BeginScript = """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local window, successWindow = tonumber(ARGV[6]), tonumber(ARGV[7])
        local reason, wait = 0, 0
        local function count(key) return tonumber(redis.call('GET', key) or '0') end
        local function left(key, span) local ttl = redis.call('PTTL', key) if ttl < 0 then return span end return ttl end
        local function refuse(why, ms) if ms > wait then reason, wait = why, ms end end
        local pair = count(KEYS[1])
        if pair >= tonumber(ARGV[1]) then refuse(1, left(KEYS[1], window)) end
        local failures, after = count(KEYS[2]), tonumber(ARGV[2])
        if pair > 0 and failures >= after then
          local delay = math.min(1000 * 2 ^ math.min(failures - after, 30), tonumber(ARGV[3]))
          refuse(2, count(KEYS[3]) + delay - now)
        end
        if count(KEYS[4]) >= tonumber(ARGV[4]) then refuse(3, left(KEYS[4], window)) end
        if count(KEYS[5]) >= tonumber(ARGV[5]) then refuse(4, left(KEYS[5], successWindow)) end
        if reason > 0 then return {reason, math.ceil(wait)} end
        local function add(key, span) if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, span) end end
        add(KEYS[1], window)
        add(KEYS[2], window)
        add(KEYS[4], window)
        add(KEYS[5], successWindow)
        redis.call('SET', KEYS[3], now, 'PX', window)
        return {0, 0}
        """;

    // Same KEYS; ARGV[1] is 1 when the password was right. A right password also forgives that address's
    // failures on the account, not the other addresses': an attack elsewhere goes on being counted.
    private const string EndScript = """
        local function release(key) if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end end
        if ARGV[1] == '1' then
          redis.call('DEL', KEYS[1])
          release(KEYS[2])
          release(KEYS[4])
        else
          release(KEYS[5])
        end
        return 0
        """;

    private readonly int _maxFailuresPerAccountAndAddress = Limit(configuration, "LOGIN_MAX_FAILURES_PER_ACCOUNT", 5);

    private readonly int _accountBackoffAfter = Limit(configuration, "LOGIN_ACCOUNT_BACKOFF_AFTER", 10);

    private readonly int _accountBackoffMaxSeconds = Limit(configuration, "LOGIN_ACCOUNT_BACKOFF_MAX_SECONDS", 60);

    // Higher: several people may share one address (a household, an office behind NAT).
    private readonly int _maxFailuresPerAddress = Limit(configuration, "LOGIN_MAX_FAILURES_PER_ADDRESS", 20);

    private readonly int _maxSuccessesPerAddress = Limit(configuration, "LOGIN_MAX_SUCCESSES_PER_ADDRESS", 30);

    /// <summary>
    /// Counts an attempt before its credentials are checked; answers the error to send instead when a limit is
    /// reached (nothing is counted then), otherwise null, and the caller must report the outcome.
    /// </summary>
    public async Task<ApiError?> TryBeginAsync(string account, string? address)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(BeginScript, Keys(account, address),
        [
            _maxFailuresPerAccountAndAddress, _accountBackoffAfter, _accountBackoffMaxSeconds * 1000L,
            _maxFailuresPerAddress, _maxSuccessesPerAddress, (long)Window.TotalMilliseconds, (long)SuccessWindow.TotalMilliseconds,
        ]))!;
        var reason = (int)result[0];
        if (reason == 0)
        {
            return null;
        }
        var seconds = (int)Math.Max(1, Math.Ceiling((long)result[1] / 1000.0));
        var message = reason switch
        {
            2 => $"Trop de tentatives récentes sur ce compte. Réessayez dans {Wait(seconds)}.",
            4 => $"Trop de connexions depuis cette adresse. Réessayez dans {Wait(seconds)}.",
            _ => $"Trop de tentatives. Réessayez dans {Wait(seconds)}.",
        };
        return ApiError.TooManyRequests(message, seconds);
    }

    public Task SucceededAsync(string account, string? address) => EndAsync(account, address, succeeded: true);

    public Task FailedAsync(string account, string? address) => EndAsync(account, address, succeeded: false);

    private Task EndAsync(string account, string? address, bool succeeded) =>
        redis.GetDatabase().ScriptEvaluateAsync(EndScript, Keys(account, address), [succeeded ? 1 : 0]);

    private static string Wait(int seconds) =>
        seconds < 120 ? $"{seconds} seconde(s)" : $"{Math.Ceiling(seconds / 60.0).ToString(CultureInfo.InvariantCulture)} minute(s)";

    private static RedisKey[] Keys(string account, string? address)
    {
        // Hashed: emails are personal data, and Redis keys show up in monitoring tools.
        var accountHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(account.Trim().ToLowerInvariant())))[..32];
        address ??= "unknown";
        return
        [
            $"login:fail:account-address:{accountHash}:{address}",
            $"login:fail:account:{accountHash}",
            $"login:fail:account-last:{accountHash}",
            $"login:fail:address:{address}",
            $"login:ok:address:{address}",
        ];
    }

    private static int Limit(IConfiguration configuration, string name, int fallback) =>
        GatewaySecurityOptionsSetup.Int(configuration[name], fallback, name) is var value and >= 1 ? value
        : throw new OptionsValidationException(name, typeof(GatewaySecurityOptions), [$"{name} must be at least 1."]);
}
