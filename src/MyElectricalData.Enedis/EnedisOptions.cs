using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace MyElectricalData.Enedis;

public enum EnedisEnvironment
{
    Sandbox,
    Production,
    Simulator,
}

/// <summary>Settings of the Enedis provider, from the flat environment names of SPEC §9.</summary>
public sealed class EnedisOptions
{
    public EnedisEnvironment Environment { get; set; } = EnedisEnvironment.Sandbox;

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>Data and token API root.</summary>
    public Uri BaseUrl { get; set; } = new("https://gw.ext.prod-sandbox.api.enedis.fr");

    /// <summary>Where the user gives consent (a browser page).</summary>
    public Uri AuthorizeUrl { get; set; } = new("https://gw.ext.prod-sandbox.api.enedis.fr/dataconnect/v1/oauth2/authorize");

    public string? RedirectUri { get; set; }

    /// <summary>Calls per second for the whole deployment (ENEDIS_RATE_LIMIT).</summary>
    public int RateLimit { get; set; } = 5;

    /// <summary>Calls per hour for the whole deployment (Enedis' Q4 quota).</summary>
    public int HourlyLimit { get; set; } = 10_000;

    /// <summary>Slots per second that background work leaves to interactive requests.</summary>
    public int InteractiveReserve { get; set; } = 2;

    /// <summary>
    /// How long a caller may wait for a budget slot before getting a clear "try later"; never beyond what is left of
    /// <see cref="Timeout"/>.
    /// </summary>
    public TimeSpan MaxBudgetWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The whole of one call: every attempt, the pauses between them and the waits for budget slots. Under the
    /// 20 s that clients such as Home Assistant wait, so that they get our answer (503 and Retry-After), not theirs.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(18);

    /// <summary>One attempt, from leaving to the end of Enedis' answer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Extra hold time of a slot beyond one second, absorbing network jitter between us and Enedis.</summary>
    public TimeSpan WindowMargin { get; set; } = TimeSpan.FromMilliseconds(60);

    /// <summary>
    /// How late after its admission a call may still leave. A call held up longer (a pause of the process, a
    /// token fetch) gives its slot back and takes a new one, so that it cannot reach Enedis bunched with the
    /// calls admitted after it.
    /// </summary>
    public TimeSpan SendTolerance { get; set; } = TimeSpan.FromMilliseconds(15);

    /// <summary>How long calls to an endpoint stay paused once Enedis keeps failing there (circuit breaker).</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many distinct usage points must be failing on an endpoint before its circuit opens: failures of fewer
    /// are those meters' own trouble, answered to their owners only.
    /// </summary>
    public int CircuitMinUsagePoints { get; set; } = 3;

    /// <summary>Renew the company token when less than this remains.</summary>
    public TimeSpan TokenRefreshAhead { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Whether a consent's code is exchanged at the token endpoint (grant_type=authorization_code) for the usage
    /// points it was issued for (ENEDIS_CONSENT_CODE_EXCHANGE). On by default with the simulator, which implements
    /// that exchange of the earlier Data Connect generation; off otherwise: Enedis' v3 token API has no such grant.
    /// </summary>
    public bool ConsentCodeExchange { get; set; }
}

internal sealed class EnedisOptionsSetup(IConfiguration configuration) : IConfigureOptions<EnedisOptions>, IValidateOptions<EnedisOptions>
{
    private static readonly Uri SandboxUrl = new("https://gw.ext.prod-sandbox.api.enedis.fr");
    private static readonly Uri ProductionUrl = new("https://gw.ext.prod.api.enedis.fr");
    private static readonly Uri ProductionConsentPage = new("https://mon-compte-particulier.enedis.fr/dataconnect/v1/oauth2/authorize");

    public void Configure(EnedisOptions options)
    {
        var simulator = configuration["services:enedis-sandbox:http:0"];
        var environment = configuration["ENEDIS_ENVIRONMENT"];
        options.Environment = environment is { Length: > 0 }
            ? Enum.TryParse<EnedisEnvironment>(environment, ignoreCase: true, out var parsed) ? parsed
                : throw new OptionsValidationException("ENEDIS_ENVIRONMENT", typeof(EnedisOptions), ["ENEDIS_ENVIRONMENT must be sandbox, production or simulator."])
            : simulator is not null ? EnedisEnvironment.Simulator : EnedisEnvironment.Sandbox;
        options.ClientId = configuration["ENEDIS_CLIENT_ID"] ?? "";
        options.ClientSecret = configuration["ENEDIS_CLIENT_SECRET"] ?? "";
        options.RedirectUri = configuration["ENEDIS_REDIRECT_URI"] is { Length: > 0 } redirect ? redirect : null;
        var baseUrl = configuration["ENEDIS_BASE_URL"] ?? options.Environment switch
        {
            EnedisEnvironment.Production => ProductionUrl.ToString(),
            EnedisEnvironment.Simulator => simulator,
            _ => SandboxUrl.ToString(),
        };
        if (baseUrl is not null && Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
        {
            options.BaseUrl = uri;
            options.AuthorizeUrl = options.Environment == EnedisEnvironment.Production
                ? ProductionConsentPage
                : new Uri(uri, "/dataconnect/v1/oauth2/authorize");
        }
        options.RateLimit = Int("ENEDIS_RATE_LIMIT", options.RateLimit);
        options.HourlyLimit = Int("ENEDIS_HOURLY_LIMIT", options.HourlyLimit);
        options.InteractiveReserve = Int("ENEDIS_INTERACTIVE_RESERVE", options.InteractiveReserve);
        options.MaxBudgetWait = TimeSpan.FromSeconds(Int("ENEDIS_MAX_BUDGET_WAIT_SECONDS", (int)options.MaxBudgetWait.TotalSeconds));
        options.WindowMargin = TimeSpan.FromMilliseconds(Int("ENEDIS_WINDOW_MARGIN_MS", (int)options.WindowMargin.TotalMilliseconds));
        options.SendTolerance = TimeSpan.FromMilliseconds(Int("ENEDIS_BUDGET_SEND_TOLERANCE_MS", (int)options.SendTolerance.TotalMilliseconds));
        options.CircuitBreakDuration = TimeSpan.FromSeconds(Int("ENEDIS_CIRCUIT_BREAK_SECONDS", (int)options.CircuitBreakDuration.TotalSeconds));
        options.ConsentCodeExchange = Bool("ENEDIS_CONSENT_CODE_EXCHANGE", options.Environment == EnedisEnvironment.Simulator);
        options.CircuitMinUsagePoints = Int("ENEDIS_CIRCUIT_MIN_USAGE_POINTS", options.CircuitMinUsagePoints);
        options.Timeout = TimeSpan.FromSeconds(Int("ENEDIS_TIMEOUT_SECONDS", (int)options.Timeout.TotalSeconds));
        options.AttemptTimeout = TimeSpan.FromSeconds(Int("ENEDIS_ATTEMPT_TIMEOUT_SECONDS", (int)options.AttemptTimeout.TotalSeconds));
    }

    public ValidateOptionsResult Validate(string? name, EnedisOptions options)
    {
        var failures = new List<string>();
        if (options.ClientId.Length == 0 || options.ClientSecret.Length == 0)
        {
            failures.Add("ENEDIS_CLIENT_ID and ENEDIS_CLIENT_SECRET must be set (the AppHost sets the sandbox's when none are configured).");
        }
        if (options.Environment == EnedisEnvironment.Simulator && configuration["services:enedis-sandbox:http:0"] is null && configuration["ENEDIS_BASE_URL"] is null)
        {
            failures.Add("ENEDIS_ENVIRONMENT=simulator needs the sandbox's URL (services__enedis-sandbox__http__0 or ENEDIS_BASE_URL).");
        }
        if (options.RateLimit is < 1 or > 1000)
        {
            failures.Add("ENEDIS_RATE_LIMIT must be between 1 and 1000.");
        }
        if (options.InteractiveReserve < 0 || options.InteractiveReserve >= options.RateLimit)
        {
            failures.Add("ENEDIS_INTERACTIVE_RESERVE must be at least 0 and less than ENEDIS_RATE_LIMIT.");
        }
        if (options.WindowMargin < TimeSpan.Zero || options.SendTolerance < TimeSpan.Zero)
        {
            failures.Add("ENEDIS_WINDOW_MARGIN_MS and ENEDIS_BUDGET_SEND_TOLERANCE_MS must not be negative.");
        }
        if (options.CircuitBreakDuration < TimeSpan.FromSeconds(1))
        {
            failures.Add("ENEDIS_CIRCUIT_BREAK_SECONDS must be at least 1.");
        }
        if (options.CircuitMinUsagePoints < 1)
        {
            failures.Add("ENEDIS_CIRCUIT_MIN_USAGE_POINTS must be at least 1.");
        }
        if (options.MaxBudgetWait <= TimeSpan.Zero)
        {
            failures.Add("ENEDIS_MAX_BUDGET_WAIT_SECONDS must be positive.");
        }
        if (options.AttemptTimeout < TimeSpan.FromSeconds(1) || options.AttemptTimeout > options.Timeout)
        {
            failures.Add("ENEDIS_ATTEMPT_TIMEOUT_SECONDS must be at least 1 and at most ENEDIS_TIMEOUT_SECONDS.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private bool Bool(string key, bool fallback) =>
        configuration[key] is { Length: > 0 } value
            ? bool.TryParse(value, out var parsed) ? parsed
                : throw new OptionsValidationException(key, typeof(EnedisOptions), [$"{key} must be true or false, not '{value}'."])
            : fallback;

    private int Int(string key, int fallback) =>
        configuration[key] is { Length: > 0 } value
            ? int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed
                : throw new OptionsValidationException(key, typeof(EnedisOptions), [$"{key} must be a whole number, not '{value}'."])
            : fallback;
}
