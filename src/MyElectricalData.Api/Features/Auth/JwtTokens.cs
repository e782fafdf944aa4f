using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MyElectricalData.Api.Features.Auth;

/// <summary>HS256 access tokens: <c>sub</c> = user id, lifetime ACCESS_TOKEN_EXPIRE_MINUTES.</summary>
public sealed class JwtTokens(IOptions<SecurityOptions> options, TimeProvider time)
{
    private const string Issuer = "myelectricaldata";
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SymmetricSecurityKey _key = new(Encoding.UTF8.GetBytes(options.Value.SecretKey));

    public TimeSpan Lifetime => TimeSpan.FromMinutes(options.Value.AccessTokenExpireMinutes);

    public string Issue(Guid userId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId.ToString()), new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N"))]),
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
        if (result.IsValid && result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { } sub && Guid.TryParse(sub, out var userId))
        {
            return new JwtValidation(userId, Expired: false);
        }
        return new JwtValidation(null, Expired: result.Exception is SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException);
    }
}

public readonly record struct JwtValidation(Guid? UserId, bool Expired);
