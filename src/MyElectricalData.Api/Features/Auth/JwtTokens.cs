using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MyElectricalData.Api.Features.Auth;

/// <summary>
/// HS256 access tokens: <c>sub</c> = user id, <c>sst</c> = the user's security stamp when it was issued, lifetime
/// ACCESS_TOKEN_EXPIRE_MINUTES. A token whose stamp is no longer the user's is refused (<see cref="MyElectricalData.Data.Accounts.User.RevokeSessions"/>).
/// </summary>
public sealed class JwtTokens(IOptions<GatewaySecurityOptions> options, TimeProvider time)
{
    private const string Issuer = "myelectricaldata";
    private const string StampClaim = "sst";
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SymmetricSecurityKey _key = new(Encoding.UTF8.GetBytes(options.Value.SecretKey));

    public TimeSpan Lifetime => TimeSpan.FromMinutes(options.Value.AccessTokenExpireMinutes);

    public string Issue(MyElectricalData.Data.Accounts.User user)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
                new Claim(StampClaim, user.SecurityStamp), new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N"))]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A token with three dot-separated parts is a JWT; anything else may be a client secret.</summary>
    public static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2;

    public async Task<JwtValidation> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidateAudience = false,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } e && e > time.GetUtcNow().UtcDateTime.AddSeconds(-30) && (notBefore is null || notBefore <= time.GetUtcNow().UtcDateTime.AddSeconds(30)),
        });
        if (result.IsValid && result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { } sub && Guid.TryParse(sub, out var userId)
            && result.ClaimsIdentity.FindFirst(StampClaim)?.Value is { Length: > 0 } stamp)
        {
            return new JwtValidation(userId, stamp, Expired: false);
        }
        return new JwtValidation(null, null, Expired: result.Exception is SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException);
    }
}

public readonly record struct JwtValidation(Guid? UserId, string? Stamp, bool Expired)
{
    /// <summary>Whether the token is still one of <paramref name="user"/>'s sessions (none was revoked since it was issued).</summary>
    public bool IsCurrentFor(MyElectricalData.Data.Accounts.User user) =>
        Stamp is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(Stamp), System.Text.Encoding.ASCII.GetBytes(user.SecurityStamp));
}
