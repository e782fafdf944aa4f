using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace MyElectricalData.ServiceDefaults;

/// <summary>
/// Names and tags ASP.NET Core's request span the way OpenTelemetry's semantic conventions (and every trace
/// viewer) expect: "GET /api/pdl/{id}", method, path, route, status; 5xx marks it an error. The instrumentation
/// package that normally does this (OpenTelemetry.Instrumentation.AspNetCore) is not on our package mirror, and
/// without it every server span is called "Microsoft.AspNetCore.Hosting.HttpRequestIn" with no tags.
/// </summary>
internal sealed class HttpServerSpans : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (http, nextMiddleware) =>
        {
            var activity = http.Features.Get<IHttpActivityFeature>()?.Activity;
            if (activity is not { IsAllDataRequested: true })
            {
                await nextMiddleware(http);
                return;
            }
            try
            {
                await nextMiddleware(http);
            }
            catch (Exception e)
            {
                activity.SetStatus(ActivityStatusCode.Error, e.GetType().FullName);
                throw;
            }
            finally
            {
                Describe(activity, http);
            }
        });
        next(app);
    };

    private static void Describe(Activity activity, HttpContext http)
    {
        var request = http.Request;
        // Known once routing ran, which is why this happens on the way out.
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        activity.DisplayName = route is null ? request.Method : $"{request.Method} {(route.StartsWith('/') ? route : "/" + route)}";
        activity.SetTag("http.request.method", request.Method);
        activity.SetTag("url.scheme", request.Scheme);
        activity.SetTag("url.path", request.Path.Value);
        activity.SetTag("http.route", route);
        activity.SetTag("http.response.status_code", http.Response.StatusCode);
        if (http.Response.StatusCode >= 500 && activity.Status == ActivityStatusCode.Unset)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
