namespace MyElectricalData.Api.Infrastructure;

/// <summary>
/// Refuses control characters in the decoded path (route values) and query before any handler or credential check reads
/// them. Runs after routing has chosen the endpoint, so the refusal takes that endpoint's error body (legacy, OAuth).
/// </summary>
public sealed class ControlCharacterGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context) =>
        Offending(context.Request) is { } refused ? ErrorResponses.WriteAsync(context, refused) : next(context);

    private static ApiError? Offending(HttpRequest request)
    {
        foreach (var (name, value) in request.RouteValues)
        {
            if (value is string text && ControlCharacters.In(text))
            {
                return ControlCharacters.Refused(name);
            }
        }
        if (ControlCharacters.In(request.Path.Value))
        {
            return ControlCharacters.Refused(null);
        }
        foreach (var (name, values) in request.Query)
        {
            if (ControlCharacters.In(name))
            {
                return ControlCharacters.Refused(null);
            }
            if (values.Any(v => ControlCharacters.In(v)))
            {
                return ControlCharacters.Refused(name);
            }
        }
        return null;
    }
}
