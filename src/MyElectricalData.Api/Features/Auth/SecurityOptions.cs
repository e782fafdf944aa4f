using Microsoft.Extensions.Options;
using MyElectricalData.Data.Accounts;

namespace MyElectricalData.Api.Features.Auth;

/// <summary>Security settings, read from the flat environment names of SPEC §9.</summary>
public sealed class GatewaySecurityOptions
{
    /// <summary>Signs JWTs; also the root of the keys that protect stored client secrets.</summary>
    public string SecretKey { get; set; } = "";

    public int AccessTokenExpireMinutes { get; set; } = 43200;

    public IReadOnlyList<string> AdminEmails { get; set; } = [];

    public bool CookieSecure { get; set; }

    public SameSiteMode CookieSameSite { get; set; } = SameSiteMode.Lax;

    public string? CookieDomain { get; set; }

    public bool RequireEmailVerification { get; set; }

    /// <summary>PDLs one account may hold while they await consent (added by number): no one can squat meters in bulk.</summary>
    public int MaxPdlsAwaitingConsent { get; set; } = 5;

    public bool IsAdminEmail(string email) => AdminEmails.Contains(email, StringComparer.OrdinalIgnoreCase);
}

internal sealed class GatewaySecurityOptionsSetup(IConfiguration configuration, IHostEnvironment environment, IOptions<SecretKeyOptions> secretKey)
    : IConfigureOptions<GatewaySecurityOptions>, IValidateOptions<GatewaySecurityOptions>
{
    public void Configure(GatewaySecurityOptions options)
    {
        // Read and validated with the SecretProtector's (AddSecretProtector).
        options.SecretKey = secretKey.Value.SecretKey;
        options.AccessTokenExpireMinutes = Int(configuration["ACCESS_TOKEN_EXPIRE_MINUTES"], 43200, "ACCESS_TOKEN_EXPIRE_MINUTES");
        options.AdminEmails = (configuration["ADMIN_EMAILS"] ?? "")
            .Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.ToLowerInvariant()).ToList();
        options.CookieSecure = Bool(configuration["COOKIE_SECURE"], environment.IsProduction(), "COOKIE_SECURE");
        options.CookieSameSite = (configuration["COOKIE_SAMESITE"] ?? "lax").ToLowerInvariant() switch
        {
            "lax" => SameSiteMode.Lax,
            "strict" => SameSiteMode.Strict,
            "none" => SameSiteMode.None,
            var other => throw new OptionsValidationException("COOKIE_SAMESITE", typeof(GatewaySecurityOptions), [$"COOKIE_SAMESITE must be lax, strict or none, not '{other}'."]),
        };
        options.CookieDomain = configuration["COOKIE_DOMAIN"] is { Length: > 0 } domain ? domain : null;
        options.RequireEmailVerification = Bool(configuration["REQUIRE_EMAIL_VERIFICATION"], false, "REQUIRE_EMAIL_VERIFICATION");
        options.MaxPdlsAwaitingConsent = Int(configuration["MAX_PDLS_AWAITING_CONSENT"], 5, "MAX_PDLS_AWAITING_CONSENT");
    }

    public ValidateOptionsResult Validate(string? name, GatewaySecurityOptions options)
    {
        if (options.AccessTokenExpireMinutes is < 1 or > 525600)
        {
            return ValidateOptionsResult.Fail("ACCESS_TOKEN_EXPIRE_MINUTES must be between 1 and 525600.");
        }
        if (options.MaxPdlsAwaitingConsent is < 0 or > 1000)
        {
            return ValidateOptionsResult.Fail("MAX_PDLS_AWAITING_CONSENT must be between 0 and 1000.");
        }
        if (options.CookieSameSite == SameSiteMode.None && !options.CookieSecure)
        {
            return ValidateOptionsResult.Fail("COOKIE_SAMESITE=none requires COOKIE_SECURE=true (browsers reject it otherwise).");
        }
        return ValidateOptionsResult.Success;
    }

    internal static int Int(string? value, int fallback, string name) =>
        value is null or "" ? fallback
        : int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw new OptionsValidationException(name, typeof(GatewaySecurityOptions), [$"{name} must be a whole number, not '{value}'."]);

    internal static bool Bool(string? value, bool fallback, string name) =>
        value is null or "" ? fallback
        : value.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            _ => throw new OptionsValidationException(name, typeof(GatewaySecurityOptions), [$"{name} must be true or false, not '{value}'."]),
        };
}
