using System.Security.Cryptography;
using System.Text;
using MyElectricalData.Primitives;

namespace MyElectricalData.Data.Accounts;

/// <summary>
/// Protects users' API secrets at rest with keys derived (HKDF) from SECRET_KEY, never stored in the
/// database: a keyed hash to find a user by bearer secret in one indexed lookup, and AES-GCM (bound to the
/// user id) so the owner can read the secret again. Also hashes single-use emailed tokens.
/// </summary>
public sealed class SecretProtector
{
    private readonly byte[] _lookupKey;
    private readonly byte[] _encryptionKey;

    /// <param name="secretKey">SECRET_KEY: the same in every service that reads users' secrets.</param>
    public SecretProtector(string secretKey)
    {
        var root = Encoding.UTF8.GetBytes(secretKey);
        _lookupKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, root, 32, info: "myelectricaldata/client-secret-lookup/v1"u8.ToArray());
        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, root, 32, info: "myelectricaldata/client-secret-encryption/v1"u8.ToArray());
    }

    public static string NewClientId() => "cli_" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 24);

    /// <summary>64 URL-safe random characters.</summary>
    public static string NewClientSecret() => RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 64);

    public static string NewEmailToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public string HashSecret(string secret) => Convert.ToHexStringLower(HMACSHA256.HashData(_lookupKey, Encoding.UTF8.GetBytes(secret)));

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public byte[] Encrypt(string secret, Guid userId) => Aead.Seal(_encryptionKey, Encoding.UTF8.GetBytes(secret), userId.ToByteArray());

    /// <summary>The owner's secret; throws when it does not open (SECRET_KEY changed, or the row was altered).</summary>
    public string Decrypt(byte[] protectedSecret, Guid userId) =>
        Aead.Open(_encryptionKey, protectedSecret, userId.ToByteArray()) is { } plaintext
            ? Encoding.UTF8.GetString(plaintext)
            : throw new CryptographicException("A stored client secret did not open under SECRET_KEY.");

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
