// Owns: the timestamp formats of the sandbox's wire: ISO-8601 UTC with milliseconds for its own controls,
// and Enedis' "yyyy-MM-dd HH:mm:ss" / "yyyy-MM-dd" for meter readings.
using System.Globalization;

namespace MyElectricalData.EnedisSandbox;

internal static class IsoTime
{
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string EnedisDateTime(DateTime local) => local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static bool TryParseDate(string? value, out DateOnly date) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
