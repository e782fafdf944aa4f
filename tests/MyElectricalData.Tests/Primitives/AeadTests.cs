using System.Security.Cryptography;
using System.Text;
using MyElectricalData.Primitives;

namespace MyElectricalData.Tests.Primitives;

/// <summary>The one AES-GCM seal: nonce | tag | ciphertext, the associated data bound, any failure a miss.</summary>
public sealed class AeadTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Plaintext = Encoding.UTF8.GetBytes("a day of readings");
    private static readonly byte[] Bound = "consumption:daily:12345678901234:2026-01-15"u8.ToArray();

    [Fact]
    public void ASealedValueOpensWithTheSameKeyAndAssociatedData()
    {
        var sealedValue = Aead.Seal(Key, Plaintext, Bound);

        sealedValue.Length.ShouldBe(Aead.Overhead + Plaintext.Length);
        Aead.Open(Key, sealedValue, Bound).ShouldBe(Plaintext);
        using var aead = new Aead(Key);
        var buffer = new byte[Aead.PlaintextLength(sealedValue.Length)];
        aead.TryOpen(sealedValue, Bound, buffer).ShouldBeTrue();
        buffer.ShouldBe(Plaintext);
    }

    [Fact]
    public void TheLayoutIsNonceThenTagThenCiphertext()
    {
        var sealedValue = Aead.Seal(Key, Plaintext, Bound);
        using var aes = new AesGcm(Key, Aead.TagSize);
        var plaintext = new byte[Plaintext.Length];

        // As the values already stored were written: what is in Redis and PostgreSQL must keep opening.
        aes.Decrypt(sealedValue.AsSpan(0, 12), sealedValue.AsSpan(28), sealedValue.AsSpan(12, 16), plaintext, Bound);
        plaintext.ShouldBe(Plaintext);
    }

    [Fact]
    public void AnyTamperedByteIsAMiss()
    {
        var sealedValue = Aead.Seal(Key, Plaintext, Bound);
        using var aead = new Aead(Key);
        for (var i = 0; i < sealedValue.Length; i++)
        {
            var tampered = (byte[])sealedValue.Clone();
            tampered[i] ^= 0x01;
            aead.Open(tampered, Bound).ShouldBeNull($"byte {i} flipped");
        }
    }

    [Fact]
    public void OtherAssociatedDataOrAnotherKeyIsAMiss()
    {
        var sealedValue = Aead.Seal(Key, Plaintext, Bound);

        Aead.Open(Key, sealedValue, "consumption:daily:12345678901234:2026-01-16"u8).ShouldBeNull();
        Aead.Open(Key, sealedValue, []).ShouldBeNull();
        Aead.Open(RandomNumberGenerator.GetBytes(32), sealedValue, Bound).ShouldBeNull();
    }

    [Fact]
    public void ShortOrTruncatedInputIsAMiss()
    {
        var sealedValue = Aead.Seal(Key, Plaintext, Bound);
        using var aead = new Aead(Key);

        Aead.Open(Key, [], Bound).ShouldBeNull();
        Aead.Open(Key, sealedValue[..(Aead.Overhead - 1)], Bound).ShouldBeNull();
        Aead.Open(Key, sealedValue[..^1], Bound).ShouldBeNull();
        Aead.PlaintextLength(Aead.Overhead - 1).ShouldBe(-1);
        // A plaintext buffer of the wrong size is refused, not written past.
        aead.TryOpen(sealedValue, Bound, new byte[Plaintext.Length - 1]).ShouldBeFalse();
    }

    [Fact]
    public void AnEmptyPlaintextRoundTrips() =>
        Aead.Open(Key, Aead.Seal(Key, [], Bound), Bound).ShouldBe([]);
}
