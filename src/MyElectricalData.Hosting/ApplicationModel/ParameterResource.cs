using System.Security.Cryptography;

namespace MyElectricalData.Hosting;

/// <summary>
/// A value supplied at deployment time. Generated secrets (server passwords) get a random value locally,
/// kept in the AppHost's secret store so that persistent data stays usable across restarts.
/// </summary>
public sealed class ParameterResource(string name, bool secret, int? generatedMinLength, bool allowSpecial = true) : Resource(name)
{
    public bool Secret { get; } = secret;

    public int? GeneratedMinLength { get; } = generatedMinLength;

    public bool AllowSpecialCharacters { get; } = allowSpecial;

    public override string DisplayType => "parameter";

    /// <summary>Where the local value comes from; Aspire's convention by default.</summary>
    public string ConfigurationKey { get; init; } = $"Parameters:{name}";

    /// <summary>Set when the application is built: configuration <c>Parameters:name</c>, stored, or generated.</summary>
    public string? Value { get; internal set; }

    internal string Generate()
    {
        // URL-, shell- and connection-string-safe alphabet: the value is embedded in connection strings and redis.conf.
        const string plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        const string special = plain + "-_";
        var length = Math.Max(GeneratedMinLength ?? 22, 22);
        return RandomNumberGenerator.GetString(AllowSpecialCharacters ? special : plain, length);
    }
}
