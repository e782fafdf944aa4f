// Owns: Enedis' consent flow. GET /dataconnect/v1/oauth2/authorize shows the consent screen; its form posts the
// customer's decision, which redirects the browser to the application with code, state and usage_point_id
// (accepted; the code is worth those usage points once at the token API) or error=access_denied (refused).
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using MyElectricalData.EnedisSandbox.Data;
using MyElectricalData.EnedisSandbox.Errors;

namespace MyElectricalData.EnedisSandbox.Authorize;

internal static class AuthorizeEndpoints
{
    public static IEndpointRouteBuilder MapAuthorize(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dataconnect/v1/oauth2/authorize", ShowConsentPage)
            .WithName("Authorize")
            .WithSummary("Consent screen listing the usage points that will be shared.");
        // GET too, so a test (or a curl) can decide without a form.
        app.MapMethods(ConsentPage.DecisionPath, [HttpMethods.Get, HttpMethods.Post], Decide)
            .WithName("AuthorizeDecision")
            .WithSummary("The customer's answer: redirects to the application with a code or with access_denied.")
            .DisableAntiforgery();
        return app;
    }

    private static async Task<Results<ContentHttpResult, JsonHttpResult<EnedisErrorBody>>> ShowConsentPage(
        HttpRequest request, IOptions<SandboxOptions> options, ParisClock clock, MeterCatalog meters)
    {
        var (authorize, error) = AuthorizeRequest.Read(await AuthorizeParameters.FromAsync(request), options.Value, clock.Today);
        return authorize is null
            ? error!.ToResult()
            : TypedResults.Text(ConsentPage.Render(authorize, meters), "text/html; charset=utf-8");
    }

    private static async Task<Results<RedirectHttpResult, JsonHttpResult<EnedisErrorBody>>> Decide(
        HttpRequest request, IOptions<SandboxOptions> options, ParisClock clock, ConsentRegistry consents, AuthorizationCodes codes)
    {
        var parameter = await AuthorizeParameters.FromAsync(request);
        var (authorize, error) = AuthorizeRequest.Read(parameter, options.Value, clock.Today);
        if (authorize is null)
        {
            return error!.ToResult();
        }

        var answer = new Dictionary<string, string?>();
        if (parameter("decision") == "accept")
        {
            consents.Grant(authorize.UsagePoints);
            answer["code"] = codes.Issue(authorize.ClientId, authorize.RedirectUri.OriginalString, authorize.UsagePoints);
            AddState(answer, authorize);
            answer["usage_point_id"] = string.Join(';', authorize.UsagePoints);
        }
        else
        {
            answer["error"] = "access_denied";
            AddState(answer, authorize);
        }

        return TypedResults.Redirect(QueryHelpers.AddQueryString(authorize.RedirectUri.OriginalString, answer));
    }

    private static void AddState(Dictionary<string, string?> answer, AuthorizeRequest authorize)
    {
        if (authorize.State is not null)
        {
            answer["state"] = authorize.State;
        }
    }
}
