using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Redis;
using MyElectricalData.Enedis.Customers;
using MyElectricalData.Enedis.Dates;

namespace MyElectricalData.MeterData;

/// <summary>
/// The key a user's cache is encrypted with: HKDF-SHA256 of their own client_secret with a fixed context, so a
/// copy of Redis alone is useless, and regenerating the secret makes the old entries unreadable.
/// </summary>
public sealed class UserCacheKey
{
    private UserCacheKey(byte[] key) => Key = key;

    internal byte[] Key { get; }

    /// <summary>The key of a user's cache, from their stored (encrypted) secret.</summary>
    public static UserCacheKey For(User user, SecretProtector secrets) => For(user.Id, user.ClientSecretEncrypted, secrets);

    /// <summary><see cref="For(User, SecretProtector)"/> from a projection of the user's id and stored secret (the pre-warm's).</summary>
    public static UserCacheKey For(Guid userId, byte[] encryptedSecret, SecretProtector secrets) =>
        FromClientSecret(secrets.Decrypt(encryptedSecret, userId));

    public static UserCacheKey FromClientSecret(string clientSecret) =>
        new(HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(clientSecret), 32, info: "myelectricaldata/meter-cache/v1"u8.ToArray()));
}

/// <summary>Redis key names of meter data (SPEC §6): one key per usage point and day, one per customer resource.</summary>
public static class CacheKeys
{
    public static string Prefix(MeteringKind kind) => kind switch
    {
        MeteringKind.DailyConsumption => "consumption:daily",
        MeteringKind.DailyProduction => "production:daily",
        MeteringKind.ConsumptionLoadCurve => "consumption:detail",
        MeteringKind.ProductionLoadCurve => "production:detail",
        MeteringKind.MaxPower => "power:daily",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Day(MeteringKind kind, string usagePointId, DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix(kind)}:{usagePointId}:{day:yyyy-MM-dd}");

    /// <summary><c>{prefix}:{usagePointId}:</c> in UTF-8, to which <see cref="DayUtf8"/> appends a day.</summary>
    public static byte[] DayPrefixUtf8(MeteringKind kind, string usagePointId) => Encoding.UTF8.GetBytes($"{Prefix(kind)}:{usagePointId}:");

    /// <summary>The UTF-8 bytes of <see cref="Day"/>, from <see cref="DayPrefixUtf8"/>: the same key, without formatting a string per day.</summary>
    public static byte[] DayUtf8(byte[] prefix, DateOnly day)
    {
        var key = new byte[prefix.Length + 10];
        prefix.CopyTo(key, 0);
        var span = key.AsSpan(prefix.Length);
        Digits(span[..4], day.Year);
        span[4] = (byte)'-';
        Digits(span.Slice(5, 2), day.Month);
        span[7] = (byte)'-';
        Digits(span.Slice(8, 2), day.Day);
        return key;
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--, value /= 10)
        {
            destination[i] = (byte)('0' + value % 10);
        }
    }

    /// <summary>"Enedis has nothing for this day": not personal, stored raw, kept briefly.</summary>
    public static string NoData(MeteringKind kind, string usagePointId, DateOnly day) => "nodata:" + Day(kind, usagePointId, day);

    public static string Customer(CustomerResource resource, string usagePointId) =>
        $"customer:{resource.ToString().ToLowerInvariant()}:{usagePointId}";

    /// <summary>
    /// One SCAN pattern covering a usage point's days and no-data markers of every kind; it also matches other modules'
    /// keys about that usage point (the pre-warm's <c>prewarm:{day}:{pdl}</c>, leases), which
    /// <see cref="IsUsagePointDay"/> then leaves out.
    /// </summary>
    public static string UsagePointPattern(string usagePointId) => $"*:{RedisKeyspace.EscapePattern(usagePointId)}:*";

    /// <summary>Whether <paramref name="key"/> is one of the usage point's days or no-data markers (any kind), and nothing else's.</summary>
    public static bool IsUsagePointDay(string key, string usagePointId)
    {
        var day = key.StartsWith("nodata:", StringComparison.Ordinal) ? key["nodata:".Length..] : key;
        foreach (var kind in Enum.GetValues<MeteringKind>())
        {
            var prefix = Prefix(kind);
            if (day.Length == prefix.Length + usagePointId.Length + 12 && day.StartsWith(prefix, StringComparison.Ordinal)
                && day.AsSpan(prefix.Length).StartsWith($":{usagePointId}:", StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Every customer resource's key of a usage point.</summary>
    public static IEnumerable<string> Customers(string usagePointId) => Enum.GetValues<CustomerResource>().Select(r => Customer(r, usagePointId));
}
