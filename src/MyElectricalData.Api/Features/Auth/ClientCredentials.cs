using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Auth;

/// <summary>Checks a client_id/client_secret pair: one indexed lookup, then a constant-time hash comparison.</summary>
public sealed class ClientCredentials(GatewayDbContext db, SecretProtector secrets)
{
    // Compared against when the client id is unknown, so that both paths cost the same.
    private static readonly byte[] Unknown = Encoding.ASCII.GetBytes(new string('0', 64));

    public async Task<User?> FindAsync(string clientId, string clientSecret, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Include(u => u.Role).ThenInclude(r => r!.Permissions)
            .SingleOrDefaultAsync(u => u.ClientId == clientId, cancellationToken);
        var expected = user is null ? Unknown : Encoding.ASCII.GetBytes(user.ClientSecretHash);
        var actual = Encoding.ASCII.GetBytes(secrets.HashSecret(clientSecret));
        return CryptographicOperations.FixedTimeEquals(expected, actual) && user is not null ? user : null;
    }
}

/// <summary>
/// Reads <c>Authorization: Basic base64(client_id:client_secret)</c>; both parts may be form-encoded (RFC 6749 §2.3.1).
/// Decoded values holding a control character are no credentials (they would otherwise reach the database).
/// </summary>
public static class BasicCredentials
{
    public static bool IsBasic(string header) => header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase);

    /// <summary>The pair, or null when the header is not Basic or does not decode to a clean pair.</summary>
    public static (string ClientId, string ClientSecret)? Parse(string header)
    {
        if (!IsBasic(header))
        {
            return null;
        }
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':');
            if (colon <= 0)
            {
                return null;
            }
            var (clientId, clientSecret) = (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
            return ControlCharacters.In(clientId) || ControlCharacters.In(clientSecret) ? null : (clientId, clientSecret);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
