using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MyElectricalData.Data.Accounts;

/// <summary>SECRET_KEY (SPEC §9): the root of the keys protecting users' stored secrets; the API also signs its JWTs with it.</summary>
public sealed class SecretKeyOptions
{
    public string SecretKey { get; set; } = "";
}

/// <summary>
/// The one place SECRET_KEY is read and validated, and <see cref="SecretProtector"/> registered from it, for every
/// service that opens users' secrets (the API, the worker): they must agree on the key, so they read it the same way.
/// </summary>
public static class SecretKeyRegistration
{
    /// <param name="builder">The service's builder.</param>
    /// <param name="generateOutsideProduction">
    /// Without SECRET_KEY, outside Production, use a random key for this process (logged as a warning): the API's
    /// development default, its sessions ending at restart. Off for the worker, whose only use of the key is to open
    /// secrets the API sealed: a key of its own would open none.
    /// </param>
    public static IHostApplicationBuilder AddSecretProtector(this IHostApplicationBuilder builder, bool generateOutsideProduction = false)
    {
        builder.Services.AddSingleton(sp => new SecretKeySetup(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>(),
            sp.GetRequiredService<ILogger<SecretKeySetup>>(), generateOutsideProduction));
        builder.Services.AddSingleton<IConfigureOptions<SecretKeyOptions>>(sp => sp.GetRequiredService<SecretKeySetup>());
        builder.Services.AddSingleton<IValidateOptions<SecretKeyOptions>>(sp => sp.GetRequiredService<SecretKeySetup>());
        builder.Services.AddOptions<SecretKeyOptions>().ValidateOnStart();
        builder.Services.AddSingleton(sp => new SecretProtector(sp.GetRequiredService<IOptions<SecretKeyOptions>>().Value.SecretKey));
        return builder;
    }
}

internal sealed partial class SecretKeySetup(IConfiguration configuration, IHostEnvironment environment, ILogger<SecretKeySetup> logger,
    bool generateOutsideProduction) : IConfigureOptions<SecretKeyOptions>, IValidateOptions<SecretKeyOptions>
{
    // A per-process key keeps development working without configuration; tokens die with the process.
    private static readonly string DevelopmentKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    public void Configure(SecretKeyOptions options)
    {
        options.SecretKey = configuration["SECRET_KEY"] ?? "";
        if (options.SecretKey.Length == 0 && generateOutsideProduction && !environment.IsProduction())
        {
            LogGeneratedKey(logger);
            options.SecretKey = DevelopmentKey;
        }
    }

    public ValidateOptionsResult Validate(string? name, SecretKeyOptions options)
    {
        if (Encoding.UTF8.GetByteCount(options.SecretKey) < 32)
        {
            return ValidateOptionsResult.Fail("SECRET_KEY must be set to at least 32 random bytes (e.g. openssl rand -base64 48).");
        }
        if (options.SecretKey.Distinct().Count() < 10)
        {
            return ValidateOptionsResult.Fail("SECRET_KEY is too weak: use random bytes (e.g. openssl rand -base64 48).");
        }
        return ValidateOptionsResult.Success;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SECRET_KEY is not set: using a random key for this process (sessions end at restart). Set it outside development.")]
    private static partial void LogGeneratedKey(ILogger logger);
}
