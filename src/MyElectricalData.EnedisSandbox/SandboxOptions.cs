// Owns: every setting of the sandbox (section "Sandbox"), with defaults that make it usable with no configuration.
// Knows nothing of the gateway's settings: the integrator maps them (e.g. Sandbox__ClientId = ENEDIS_CLIENT_ID).
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace MyElectricalData.EnedisSandbox;

public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    // Lists are ';'-separated strings, not arrays: the configuration binder appends configured items to an
    // array's default items instead of replacing them, and one string is easier to set from the environment.

    /// <summary>The demo PDLs of the specification: the first also produces (solar), the second only consumes.</summary>
    private const string DemoUsagePoints = "12345678901234;98765432109876";

    private const string NoDataUsagePoint = "00000000000000";

    [Required]
    public string ClientId { get; set; } = "sandbox-client";

    [Required]
    public string ClientSecret { get; set; } = "sandbox-secret";

    [Range(1, int.MaxValue)]
    public int TokenLifetimeSeconds { get; set; } = 12600;

    /// <summary>How long an authorization code from the consent page can be exchanged at the token API (once).</summary>
    [Range(1, int.MaxValue)]
    public int CodeLifetimeSeconds { get; set; } = 120;

    /// <summary>Where the consent page sends the browser back when the request has no redirect_uri.</summary>
    public string? RedirectUri { get; set; }

    /// <summary>Usage points a consent yields (the query parameter usage_points= overrides it per request).</summary>
    public string ConsentUsagePoints { get; set; } = DemoUsagePoints;

    /// <summary>Usage points that answer as consented without going through the consent page.</summary>
    public string AlwaysConsentedUsagePoints { get; set; } = $"{DemoUsagePoints};{NoDataUsagePoint}";

    /// <summary>Usage points that always produce; other ids produce when their last digit is even.</summary>
    public string ProductionUsagePoints { get; set; } = "12345678901234";

    /// <summary>Usage points that never produce, whatever their last digit.</summary>
    public string ConsumptionOnlyUsagePoints { get; set; } = "98765432109876";

    /// <summary>Usage points whose metering endpoints answer 404 no_data_found (e.g. a meter just installed).</summary>
    public string NoDataUsagePoints { get; set; } = NoDataUsagePoint;

    /// <summary>Enedis' quota Q3: calls per sliding second over all data endpoints.</summary>
    [Range(1, int.MaxValue)]
    public int RatePerSecond { get; set; } = 5;

    /// <summary>Enedis' quota Q4: calls per sliding hour over all data endpoints.</summary>
    [Range(1, int.MaxValue)]
    public int RatePerHour { get; set; } = 10_000;

    [Range(1, 10_000_000)]
    public int CallLogCapacity { get; set; } = 100_000;
}

/// <summary>Cross-field rules data annotations cannot say: every listed id must be a 14-digit usage point id.</summary>
internal sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var lists = new Dictionary<string, string>
        {
            [nameof(SandboxOptions.ConsentUsagePoints)] = options.ConsentUsagePoints,
            [nameof(SandboxOptions.AlwaysConsentedUsagePoints)] = options.AlwaysConsentedUsagePoints,
            [nameof(SandboxOptions.ProductionUsagePoints)] = options.ProductionUsagePoints,
            [nameof(SandboxOptions.ConsumptionOnlyUsagePoints)] = options.ConsumptionOnlyUsagePoints,
            [nameof(SandboxOptions.NoDataUsagePoints)] = options.NoDataUsagePoints,
        };
        var failures = lists
            .SelectMany(list => UsagePointIds.ParseList(list.Value)
                .Where(id => !UsagePointIds.IsValid(id))
                .Select(id => $"{SandboxOptions.SectionName}:{list.Key} holds '{id}', which is not a 14-digit usage point id."))
            .ToList();
        if (UsagePointIds.ParseList(options.ConsentUsagePoints).Length == 0)
        {
            failures.Add($"{SandboxOptions.SectionName}:ConsentUsagePoints must name at least one usage point.");
        }

        if (options.RedirectUri is { Length: > 0 } uri && !Uri.TryCreate(uri, UriKind.Absolute, out _))
        {
            failures.Add($"{SandboxOptions.SectionName}:RedirectUri '{uri}' is not an absolute URI.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
