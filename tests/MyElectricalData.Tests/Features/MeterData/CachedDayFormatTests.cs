using System.Text;
using System.Text.Json;
using MyElectricalData.Enedis.Metering;
using MyElectricalData.MeterData;

namespace MyElectricalData.Tests.Features.MeterData;

/// <summary>The sealed per-day value: binary plaintext (format byte 0x01), AES-GCM under the user's key, the Redis key bound.</summary>
public sealed class CachedDayFormatTests
{
    private const string RedisKey = "consumption:daily:12345678901234:2026-01-15";
    private static readonly UserCacheKey Key = UserCacheKey.FromClientSecret("the-users-client-secret");

    private static readonly CachedDay Daily = new("CORRIGE", new ReadingType("Wh", "energy", "sum", "P1D"),
        [new IntervalReading("21450", "2026-01-15", MeasureType: "B")]);

    private static readonly CachedDay LoadCurve = new("BRUT", new ReadingType("W", "power", "average", null),
        [.. Enumerable.Range(0, 48).Select(i => new IntervalReading((500 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"2026-01-15 {i / 2:00}:{i % 2 * 30:00}:00", "PT30M", "B"))]);

    [Fact]
    public void ADayRoundTripsThroughTheBinaryFormat()
    {
        var encoded = CachedDayFormat.Encode(LoadCurve);

        encoded[0].ShouldBe(CachedDayFormat.Binary);
        Same(CachedDayFormat.Decode(encoded), LoadCurve);
    }

    [Fact]
    public void NullsEmptyStringsAndNonAsciiTextRoundTrip()
    {
        var day = new CachedDay(null, null, [new IntervalReading("", "2026-01-15", null, "é€", "P1D"), new IntervalReading("0", "2026-01-15 00:00:00")]);

        Same(CachedDayFormat.Decode(CachedDayFormat.Encode(day)), day);
        Same(CachedDayFormat.Decode(CachedDayFormat.Encode(Daily with { ReadingType = new ReadingType(null, null, null, null) })),
            Daily with { ReadingType = new ReadingType(null, null, null, null) });
    }

    [Fact]
    public void ARangeOfDaysSharesItsRepeatedStrings()
    {
        var reuse = new CachedDayFormat.StringReuse();
        var first = CachedDayFormat.Decode(CachedDayFormat.Encode(Daily), ref reuse)!;
        var second = CachedDayFormat.Decode(CachedDayFormat.Encode(Daily with { Readings = [new IntervalReading("19000", "2026-01-16", MeasureType: "B")] }), ref reuse)!;

        second.ReadingType.ShouldBeSameAs(first.ReadingType);
        second.Quality.ShouldBeSameAs(first.Quality);
        second.Readings[0].MeasureType.ShouldBeSameAs(first.Readings[0].MeasureType);
        second.Readings[0].Value.ShouldBe("19000");
    }

    [Fact]
    public void ASealedDayOpensWithTheSameKeyAndKeyName()
    {
        var sealedValue = MeterCache.SealDay(Key, RedisKey, Daily);

        Same(MeterCache.OpenDay(Key, RedisKey, sealedValue), Daily);
        // No plaintext in the stored value: neither the value nor the quality can be read from it.
        Encoding.Latin1.GetString(sealedValue).ShouldNotContain("21450");
        Encoding.Latin1.GetString(sealedValue).ShouldNotContain("CORRIGE");
    }

    [Fact]
    public void AnotherUsersKeyReadsAsAMiss() =>
        MeterCache.OpenDay(UserCacheKey.FromClientSecret("someone-else"), RedisKey, MeterCache.SealDay(Key, RedisKey, Daily)).ShouldBeNull();

    [Fact]
    public void AValueMovedToAnotherKeyReadsAsAMiss() =>
        MeterCache.OpenDay(Key, RedisKey.Replace("2026-01-15", "2026-01-16", StringComparison.Ordinal), MeterCache.SealDay(Key, RedisKey, Daily)).ShouldBeNull();

    [Fact]
    public void AnyTamperedByteReadsAsAMiss()
    {
        var sealedValue = MeterCache.SealDay(Key, RedisKey, Daily);
        for (var i = 0; i < sealedValue.Length; i++)
        {
            var tampered = (byte[])sealedValue.Clone();
            tampered[i] ^= 0x01;
            MeterCache.OpenDay(Key, RedisKey, tampered).ShouldBeNull($"byte {i} flipped");
        }
        MeterCache.OpenDay(Key, RedisKey, sealedValue[..^1]).ShouldBeNull();
        MeterCache.OpenDay(Key, RedisKey, sealedValue[..20]).ShouldBeNull();
        MeterCache.OpenDay(Key, RedisKey, []).ShouldBeNull();
    }

    [Fact]
    public void ADaySealedInTheRetiredJsonFormatReadsAsAMiss()
    {
        // As MeterCache wrote them before the binary format: camelCase JSON, nulls omitted, sealed the same way. The
        // one-day TTL expired the last of them long ago: such a value is a miss (fetched again), not a day.
        var json = """{"quality":"CORRIGE","readingType":{"unit":"Wh","measurementKind":"energy","aggregate":"sum","measuringPeriod":"P1D"},"readings":[{"value":"21450","date":"2026-01-15","measureType":"B"}]}""";
        var sealedValue = MeterCache.Seal(Key, RedisKey, Encoding.UTF8.GetBytes(json));

        MeterCache.OpenDay(Key, RedisKey, sealedValue).ShouldBeNull();
        CachedDayFormat.Decode(Encoding.UTF8.GetBytes(json)).ShouldBeNull();
    }

    [Fact]
    public void UnknownFormatsAndMalformedPlaintextsReadAsAMiss()
    {
        var binary = CachedDayFormat.Encode(LoadCurve);
        byte[][] plaintexts =
        [
            [0x02, .. binary[1..]],                      // a future format byte
            [],
            binary[..^1],                                // truncated
            [.. binary, 0x00],                           // trailing bytes
            [0x01, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], // a count larger than the value
            Encoding.UTF8.GetBytes("{\"quality\": 12"),   // broken JSON
        ];
        foreach (var plaintext in plaintexts)
        {
            CachedDayFormat.Decode(plaintext).ShouldBeNull();
            MeterCache.OpenDay(Key, RedisKey, MeterCache.Seal(Key, RedisKey, plaintext)).ShouldBeNull();
        }
    }

    [Fact]
    public void TheBinaryFormatIsSmallerThanTheJsonOne()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(LoadCurve, new JsonSerializerOptions(JsonSerializerDefaults.Web));

        CachedDayFormat.Encode(LoadCurve).Length.ShouldBeLessThan(json.Length / 2);
    }

    [Fact]
    public void TheUtf8DayKeyIsTheDayKeyString()
    {
        var day = new DateOnly(2026, 1, 5);
        var prefix = CacheKeys.DayPrefixUtf8(MyElectricalData.Enedis.Dates.MeteringKind.ConsumptionLoadCurve, "12345678901234");

        Encoding.UTF8.GetString(CacheKeys.DayUtf8(prefix, day))
            .ShouldBe(CacheKeys.Day(MyElectricalData.Enedis.Dates.MeteringKind.ConsumptionLoadCurve, "12345678901234", day));
    }

    private static void Same(CachedDay? actual, CachedDay expected)
    {
        actual.ShouldNotBeNull();
        actual.Quality.ShouldBe(expected.Quality);
        actual.ReadingType.ShouldBe(expected.ReadingType);
        actual.Readings.ShouldBe(expected.Readings);
    }
}
