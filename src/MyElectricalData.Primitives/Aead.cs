using System.Security.Cryptography;

namespace MyElectricalData.Primitives;

/// <summary>
/// AES-GCM with a random 96-bit nonce, stored as <c>nonce (12) | tag (16) | ciphertext</c>: the layout of every
/// value sealed so far (per-day cache, users' stored secrets, the shared Enedis token), so it must not change.
/// Opening never throws on bad input: a value that is too short, tampered with, sealed under another key or with
/// other associated data is a miss (false / null). Lives in Primitives because Data (users' secrets), Enedis (the
/// company token) and MeterData (the cache) all seal, and Data and Enedis do not reference each other.
/// </summary>
/// <remarks>
/// An instance holds one <see cref="AesGcm"/> for many seals or opens (a cached year is 365 opens: creating the
/// cipher per day is a measurable share of the read); it is not thread-safe, so it belongs to one operation. The
/// static members create one per call.
/// </remarks>
public sealed class Aead(ReadOnlySpan<byte> key) : IDisposable
{
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int Overhead = NonceSize + TagSize;

    private readonly AesGcm _aes = new(key, TagSize);

    /// <summary>The plaintext length of a sealed value of <paramref name="sealedLength"/> bytes, or -1 when it cannot be one.</summary>
    public static int PlaintextLength(int sealedLength) => sealedLength >= Overhead ? sealedLength - Overhead : -1;

    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[Overhead + plaintext.Length];
        RandomNumberGenerator.Fill(output.AsSpan(0, NonceSize));
        _aes.Encrypt(output.AsSpan(0, NonceSize), plaintext, output.AsSpan(Overhead), output.AsSpan(NonceSize, TagSize), associatedData);
        return output;
    }

    /// <summary>
    /// Opens <paramref name="sealedValue"/> into <paramref name="plaintext"/>, which must be exactly
    /// <see cref="PlaintextLength"/> bytes (e.g. a slice of a pooled buffer); false on any failure.
    /// </summary>
    public bool TryOpen(ReadOnlySpan<byte> sealedValue, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        if (PlaintextLength(sealedValue.Length) != plaintext.Length)
        {
            return false;
        }
        try
        {
            _aes.Decrypt(sealedValue[..NonceSize], sealedValue[Overhead..], sealedValue.Slice(NonceSize, TagSize), plaintext, associatedData);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The plaintext, or null when <paramref name="sealedValue"/> does not open under this key and associated data.</summary>
    public byte[]? Open(ReadOnlySpan<byte> sealedValue, ReadOnlySpan<byte> associatedData)
    {
        var length = PlaintextLength(sealedValue.Length);
        if (length < 0)
        {
            return null;
        }
        var plaintext = new byte[length];
        return TryOpen(sealedValue, associatedData, plaintext) ? plaintext : null;
    }

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        using var aead = new Aead(key);
        return aead.Seal(plaintext, associatedData);
    }

    public static byte[]? Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedValue, ReadOnlySpan<byte> associatedData)
    {
        if (PlaintextLength(sealedValue.Length) < 0)
        {
            return null;
        }
        using var aead = new Aead(key);
        return aead.Open(sealedValue, associatedData);
    }

    public void Dispose() => _aes.Dispose();
}
