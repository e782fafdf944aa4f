// Owns: the parameters of Enedis' authorize call and their validation, shared by the consent page and the
// decision it posts (the page carries them as hidden fields, so both see exactly the same request).
using MyElectricalData.EnedisSandbox.Errors;

namespace MyElectricalData.EnedisSandbox.Authorize;

internal sealed record AuthorizeRequest(
    string ClientId,
    ConsentDuration Duration,
    string DurationText,
    string? State,
    Uri RedirectUri,
    IReadOnlyList<string> UsagePoints)
{
    private const int MaxStateLength = 100;

    /// <summary>Reads and checks the parameters; returns the Enedis error to answer when they are not acceptable.</summary>
    public static (AuthorizeRequest? Request, EnedisError? Error) Read(
        Func<string, string?> parameter, SandboxOptions options, DateOnly today)
    {
        var clientId = parameter("client_id");
        if (string.IsNullOrEmpty(clientId))
        {
            return Fail("client_id parameter is required");
        }

        if (clientId != options.ClientId)
        {
            return (null, EnedisError.AuthorizeInvalidClient());
        }

        var responseType = parameter("response_type");
        if (string.IsNullOrEmpty(responseType))
        {
            return Fail("Response type parameter is required");
        }

        if (responseType != "code")
        {
            return Fail("Response type parameter must be code");
        }

        var durationText = parameter("duration");
        if (string.IsNullOrEmpty(durationText))
        {
            return Fail("Duration parameter is required");
        }

        if (ConsentDuration.Parse(durationText) is not { } duration)
        {
            return Fail("Duration parameter must be an ISO 8601 period such as P1Y4M");
        }

        if (!duration.FitsInThreeYears(today))
        {
            return Fail("Duration parameter cannot exceed 3 years");
        }

        var state = parameter("state");
        if (state is { Length: > MaxStateLength })
        {
            return Fail($"State parameter cannot exceed {MaxStateLength} characters");
        }

        var redirect = parameter("redirect_uri") is { Length: > 0 } given ? given : options.RedirectUri;
        if (string.IsNullOrEmpty(redirect))
        {
            return Fail("redirect_uri parameter is required (or configure Sandbox:RedirectUri)");
        }

        if (!Uri.TryCreate(redirect, UriKind.Absolute, out var redirectUri) || redirectUri.Scheme is not ("http" or "https"))
        {
            return Fail("redirect_uri parameter must be an absolute http(s) URI");
        }

        // A test may choose what the consent yields; otherwise the configured default list.
        var usagePoints = UsagePointIds.ParseList(parameter("usage_points") is { Length: > 0 } chosen ? chosen : options.ConsentUsagePoints);
        if (usagePoints.Length == 0 || !usagePoints.All(UsagePointIds.IsValid))
        {
            return Fail("usage_points parameter must list 14-digit usage point ids separated by ';'");
        }

        return (new AuthorizeRequest(clientId, duration, durationText, state, redirectUri, [.. usagePoints.Distinct()]), null);
    }

    private static (AuthorizeRequest?, EnedisError?) Fail(string description) =>
        (null, EnedisError.AuthorizeInvalidRequest(description));
}

/// <summary>Reads the authorize parameters from the query string or, for the posted decision, the form.</summary>
internal static class AuthorizeParameters
{
    public static async Task<Func<string, string?>> FromAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return name => form.TryGetValue(name, out var posted) ? posted.ToString()
                : request.Query.TryGetValue(name, out var queried) ? queried.ToString()
                : null;
        }

        return name => request.Query.TryGetValue(name, out var value) ? value.ToString() : null;
    }
}
