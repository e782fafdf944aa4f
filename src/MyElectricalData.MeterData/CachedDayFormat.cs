using System.Buffers;
using System.Text;
using MyElectricalData.Enedis.Metering;

namespace MyElectricalData.MeterData;

/// <summary>
/// The plaintext of one cached day (what AES-GCM seals). The first byte says the format:
/// <list type="bullet">
/// <item><c>0x01</c>: compact binary (written since 2026-11-22): the day's header (quality, reading type), then each
/// reading as length-prefixed UTF-8 strings; a string is a varint of (byte length + 1), 0 meaning null.</item>
/// </list>
/// Anything else, or a truncated value, decodes as nothing: a miss, never an error. That includes the JSON documents
/// (<c>'{'</c>) written before the binary format: the cache's one-day TTL expired the last of them long ago.
/// </summary>
public static class CachedDayFormat
{
    public const byte Binary = 0x01;

    public static byte[] Encode(CachedDay day)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + day.Readings.Count * 24);
        Span<byte> head = [Binary];
        buffer.Write(head);
        WriteString(buffer, day.Quality);
        if (day.ReadingType is { } type)
        {
            buffer.Write([(byte)1]);
            WriteString(buffer, type.Unit);
            WriteString(buffer, type.MeasurementKind);
            WriteString(buffer, type.Aggregate);
            WriteString(buffer, type.MeasuringPeriod);
        }
        else
        {
            buffer.Write([(byte)0]);
        }
        WriteVarint(buffer, (uint)day.Readings.Count);
        foreach (var reading in day.Readings)
        {
            WriteString(buffer, reading.Value);
            WriteString(buffer, reading.Date);
            WriteString(buffer, reading.IntervalLength);
            WriteString(buffer, reading.MeasureType);
            WriteString(buffer, reading.MeasuringPeriod);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes one day, or null if the bytes are not a day in a known format.</summary>
    public static CachedDay? Decode(ReadOnlySpan<byte> plaintext)
    {
        var strings = new StringReuse();
        return Decode(plaintext, ref strings);
    }

    /// <summary>
    /// Decodes one day; <paramref name="reuse"/> carries the header and the repetitive short strings of the previous
    /// days of a range, so that a year of days shares one quality string, one reading type and one "B", and a day
    /// costs one string per value and date.
    /// </summary>
    public static CachedDay? Decode(ReadOnlySpan<byte> plaintext, ref StringReuse reuse)
    {
        if (plaintext.IsEmpty)
        {
            return null;
        }
        return plaintext[0] == Binary ? DecodeBinary(plaintext[1..], ref reuse) : null;
    }

    private static CachedDay? DecodeBinary(ReadOnlySpan<byte> data, ref StringReuse reuse)
    {
        var reader = new Reader(data);
        if (!reader.String(ref reuse.Quality, out var quality) || !reader.Byte(out var hasType))
        {
            return null;
        }
        ReadingType? type = null;
        if (hasType == 1)
        {
            if (!reader.String(ref reuse.Unit, out var unit) || !reader.String(ref reuse.Kind, out var kind)
                || !reader.String(ref reuse.Aggregate, out var aggregate) || !reader.String(ref reuse.Period, out var period))
            {
                return null;
            }
            type = reuse.Type is { } previous && ReferenceEquals(previous.Unit, unit) && ReferenceEquals(previous.MeasurementKind, kind)
                && ReferenceEquals(previous.Aggregate, aggregate) && ReferenceEquals(previous.MeasuringPeriod, period)
                ? previous
                : reuse.Type = new ReadingType(unit, kind, aggregate, period);
        }
        else if (hasType != 0)
        {
            return null;
        }
        // A count larger than the bytes left cannot be honest (each reading takes at least 5 bytes).
        if (!reader.Varint(out var count) || count > (uint)reader.Remaining / 5)
        {
            return null;
        }
        var readings = new IntervalReading[count];
        for (var i = 0; i < readings.Length; i++)
        {
            if (!reader.String(out var value) || value is null || !reader.String(out var date) || date is null
                || !reader.String(ref reuse.IntervalLength, out var length) || !reader.String(ref reuse.MeasureType, out var measureType)
                || !reader.String(ref reuse.ReadingPeriod, out var readingPeriod))
            {
                return null;
            }
            readings[i] = new IntervalReading(value, date, length, measureType, readingPeriod);
        }
        return reader.Remaining == 0 ? new CachedDay(quality, type, readings) : null;
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string? text)
    {
        if (text is null)
        {
            WriteVarint(buffer, 0);
            return;
        }
        var length = Encoding.UTF8.GetByteCount(text);
        WriteVarint(buffer, (uint)length + 1);
        buffer.Advance(Encoding.UTF8.GetBytes(text, buffer.GetSpan(length)));
    }

    private static void WriteVarint(ArrayBufferWriter<byte> buffer, uint value)
    {
        var span = buffer.GetSpan(5);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        buffer.Advance(i);
    }

    /// <summary>The last decoded value of each repetitive field, reused while the bytes are the same.</summary>
    public struct StringReuse
    {
        internal string? Quality;
        internal string? Unit;
        internal string? Kind;
        internal string? Aggregate;
        internal string? Period;
        internal ReadingType? Type;
        internal string? IntervalLength;
        internal string? MeasureType;
        internal string? ReadingPeriod;
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly int Remaining => _data.Length - _position;

        public bool Byte(out byte value)
        {
            if (_position >= _data.Length)
            {
                value = 0;
                return false;
            }
            value = _data[_position++];
            return true;
        }

        public bool Varint(out uint value)
        {
            value = 0;
            for (var shift = 0; shift < 35; shift += 7)
            {
                if (!Byte(out var b))
                {
                    return false;
                }
                value |= (uint)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return true;
                }
            }
            return false;
        }

        private bool Slice(out ReadOnlySpan<byte> bytes, out bool isNull)
        {
            bytes = default;
            isNull = false;
            if (!Varint(out var prefix))
            {
                return false;
            }
            if (prefix == 0)
            {
                isNull = true;
                return true;
            }
            var length = prefix - 1;
            if (length > (uint)Remaining)
            {
                return false;
            }
            bytes = _data.Slice(_position, (int)length);
            _position += (int)length;
            return true;
        }

        public bool String(out string? text)
        {
            text = null;
            if (!Slice(out var bytes, out var isNull))
            {
                return false;
            }
            text = isNull ? null : Encoding.UTF8.GetString(bytes);
            return true;
        }

        /// <summary>Reads a string, returning <paramref name="previous"/> itself when the bytes spell it again.</summary>
        public bool String(ref string? previous, out string? text)
        {
            text = null;
            if (!Slice(out var bytes, out var isNull))
            {
                return false;
            }
            if (isNull)
            {
                return true;
            }
            if (previous is not null && previous.Length == bytes.Length && Ascii.Equals(bytes, previous))
            {
                text = previous;
                return true;
            }
            text = previous = Encoding.UTF8.GetString(bytes);
            return true;
        }
    }
}
