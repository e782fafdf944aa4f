using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

namespace MyElectricalData.MeterData;

/// <summary>
/// Opens many small AES-GCM values (96-bit nonce, 128-bit tag, as <see cref="AesGcm"/> seals them) with one AES call
/// for the whole batch instead of one <see cref="AesGcm.Decrypt(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, ReadOnlySpan{byte})"/>
/// per value. For a year of cached days the fixed cost of each platform call (~3 µs, against ~0.05 µs of actual AES
/// work for a 40-byte value) was the largest cost of a cached read.
/// <para>
/// This is GCM decryption as NIST SP 800-38D defines it, nothing else: the counter blocks (J0 and inc32 of it) of every
/// value are encrypted in one AES-ECB call, GHASH is computed here with the carry-less multiply instruction
/// (PCLMULQDQ, constant time), and the tag is compared with <see cref="CryptographicOperations.FixedTimeEquals"/>
/// before any plaintext is used. Values are still sealed by <see cref="AesGcm"/>; the tests check this opener against
/// it (random keys, lengths, associated data, every tampered byte). Where PCLMULQDQ is missing, <see cref="IsSupported"/>
/// is false and callers use <see cref="AesGcm"/>.
/// </para>
/// </summary>
internal static class AesGcmBatch
{
    public const int NonceSize = 12;
    public const int TagSize = 16;
    private const int Block = 16;

    public static bool IsSupported => Pclmulqdq.IsSupported && Sse2.IsSupported;

    /// <summary>
    /// Opens <c>values[i]</c> (nonce | tag | ciphertext) bound to <c>associatedData[i]</c>, for each i where <c>values[i]</c>
    /// is not null; <paramref name="open"/> is called with the plaintext of each value whose tag verifies (the span is
    /// only valid during the call), in order. Values that do not verify are skipped.
    /// </summary>
    public static void Open(byte[] key, IReadOnlyList<byte[]?> values, IReadOnlyList<byte[]> associatedData, OpenedValue open)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("PCLMULQDQ is required.");
        }
        // Counter blocks: H = E(0), then per value J0 (for the tag) and J0+1.. (for the keystream).
        var blocks = 1;
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { Length: >= NonceSize + TagSize } value)
            {
                blocks += 1 + (value.Length - NonceSize - TagSize + Block - 1) / Block;
            }
        }
        var counters = new byte[blocks * Block];
        var position = Block; // block 0 stays zero: H
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { Length: >= NonceSize + TagSize } value)
            {
                continue;
            }
            var count = 1 + (value.Length - NonceSize - TagSize + Block - 1) / Block;
            for (var c = 0; c < count; c++, position += Block)
            {
                value.AsSpan(0, NonceSize).CopyTo(counters.AsSpan(position));
                BinaryPrimitives.WriteUInt32BigEndian(counters.AsSpan(position + NonceSize), (uint)(c + 1));
            }
        }
        var stream = new byte[counters.Length];
        using (var aes = System.Security.Cryptography.Aes.Create())
        {
            aes.Key = key;
            aes.EncryptEcb(counters, stream, PaddingMode.None);
        }
        CryptographicOperations.ZeroMemory(counters);

        var h = Load(stream.AsSpan(0, Block));
        Span<byte> tag = stackalloc byte[TagSize];
        byte[]? plaintext = null;
        position = Block;
        try
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is not { Length: >= NonceSize + TagSize } value)
                {
                    continue;
                }
                var ciphertext = value.AsSpan(NonceSize + TagSize);
                var j0 = stream.AsSpan(position, Block);
                var keystream = stream.AsSpan(position + Block, ciphertext.Length);
                position += Block * (1 + (ciphertext.Length + Block - 1) / Block);

                var s = GHash(h, associatedData[i], ciphertext);
                Store(s, tag);
                for (var b = 0; b < TagSize; b++)
                {
                    tag[b] ^= j0[b];
                }
                if (!CryptographicOperations.FixedTimeEquals(tag, value.AsSpan(NonceSize, TagSize)))
                {
                    continue;
                }
                if (plaintext is null || plaintext.Length < ciphertext.Length)
                {
                    plaintext = new byte[Math.Max(ciphertext.Length, 256)];
                }
                var output = plaintext.AsSpan(0, ciphertext.Length);
                for (var b = 0; b < output.Length; b++)
                {
                    output[b] = (byte)(ciphertext[b] ^ keystream[b]);
                }
                open(i, output);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(stream);
            if (plaintext is not null)
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
    }

    public delegate void OpenedValue(int index, ReadOnlySpan<byte> plaintext);

    /// <summary>GHASH_H(A || 0* || C || 0* || [len(A)]64 || [len(C)]64).</summary>
    internal static Vector128<ulong> GHash(Vector128<ulong> h, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext)
    {
        var x = Vector128<ulong>.Zero;
        x = Absorb(x, h, associatedData);
        x = Absorb(x, h, ciphertext);
        Span<byte> lengths = stackalloc byte[Block];
        BinaryPrimitives.WriteUInt64BigEndian(lengths, (ulong)associatedData.Length * 8);
        BinaryPrimitives.WriteUInt64BigEndian(lengths[8..], (ulong)ciphertext.Length * 8);
        return Multiply(x ^ Load(lengths), h);
    }

    private static Vector128<ulong> Absorb(Vector128<ulong> x, Vector128<ulong> h, ReadOnlySpan<byte> data)
    {
        Span<byte> last = stackalloc byte[Block];
        while (data.Length >= Block)
        {
            x = Multiply(x ^ Load(data[..Block]), h);
            data = data[Block..];
        }
        if (!data.IsEmpty)
        {
            last.Clear();
            data.CopyTo(last);
            x = Multiply(x ^ Load(last), h);
        }
        return x;
    }

    /// <summary>
    /// A block as a 128-bit integer read big-endian (element 1 = high 64 bits): bit j of the integer is the coefficient
    /// of x^(127-j) in GCM's bit order, so that the first bit of the block (x^0) is the integer's most significant bit.
    /// </summary>
    internal static Vector128<ulong> Load(ReadOnlySpan<byte> block) =>
        Vector128.Create(BinaryPrimitives.ReadUInt64BigEndian(block[8..]), BinaryPrimitives.ReadUInt64BigEndian(block));

    internal static void Store(Vector128<ulong> value, Span<byte> block)
    {
        BinaryPrimitives.WriteUInt64BigEndian(block, value.GetElement(1));
        BinaryPrimitives.WriteUInt64BigEndian(block[8..], value.GetElement(0));
    }

    /// <summary>
    /// a * b in GF(2^128) modulo x^128 + x^7 + x^2 + x + 1, in the reflected representation of <see cref="Load"/>.
    /// The carry-less product of two reflected values is the reflected product shifted right by one bit, so it is
    /// shifted left by one; its high 128 bits are then the terms below x^128 and its low 128 bits (L) the terms from
    /// x^128 up, folded back with x^128 = x^7 + x^2 + x + 1 (a right shift by k multiplies by x^k here).
    /// </summary>
    internal static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b)
    {
        var low = Pclmulqdq.CarrylessMultiply(a, b, 0x00);    // a0 * b0
        var high = Pclmulqdq.CarrylessMultiply(a, b, 0x11);   // a1 * b1
        var middle = Pclmulqdq.CarrylessMultiply(a, b, 0x01) ^ Pclmulqdq.CarrylessMultiply(a, b, 0x10);
        // 256-bit product p3:p2:p1:p0 (64-bit words, p0 least significant).
        var p0 = low.GetElement(0);
        var p1 = low.GetElement(1) ^ middle.GetElement(0);
        var p2 = high.GetElement(0) ^ middle.GetElement(1);
        var p3 = high.GetElement(1);
        // Shift left by one bit.
        p3 = (p3 << 1) | (p2 >> 63);
        p2 = (p2 << 1) | (p1 >> 63);
        p1 = (p1 << 1) | (p0 >> 63);
        p0 <<= 1;
        // L = p1:p0 (terms x^128..x^255). E = L ^ L>>1 ^ L>>2 ^ L>>7; the bits shifted out (F, terms x^128..x^134
        // once multiplied) are folded again: F ^ F>>1 ^ F>>2 ^ F>>7, which cannot overflow.
        var (eHigh, eLow) = (p1, p0);
        eLow ^= (p0 >> 1) | (p1 << 63);
        eHigh ^= p1 >> 1;
        eLow ^= (p0 >> 2) | (p1 << 62);
        eHigh ^= p1 >> 2;
        eLow ^= (p0 >> 7) | (p1 << 57);
        eHigh ^= p1 >> 7;
        // F = (L << 127) ^ (L << 126) ^ (L << 121), truncated to 128 bits: only the high word is non-zero.
        var f = (p0 << 63) ^ (p0 << 62) ^ (p0 << 57);
        eHigh ^= f ^ (f >> 1) ^ (f >> 2) ^ (f >> 7);
        return Vector128.Create(p2 ^ eLow, p3 ^ eHigh);
    }
}
