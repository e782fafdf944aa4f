// Owns: the browser pages the API serves itself (same origin, cookie session): which URL shows which page,
// who may see it, the shared layout, the static assets and the HTML "not found" page. It knows no business
// rule: every page reads and writes through the public /api routes, like any other client.
using System.Security.Claims;
using Microsoft.Extensions.FileProviders;

namespace MyElectricalData.Api.Features.Web;

/// <summary>One page: its URL, its fragment under <c>wwwroot/pages/</c> (also the name of its script) and whether it needs a session.</summary>
public sealed record WebPage(string Route, string Name, string Title, bool Private);

public static class WebPages
{
    public static readonly IReadOnlyList<WebPage> All =
    [
        new("/", "index", "Accueil", Private: false),
        new("/signup", "signup", "Créer un compte", Private: false),
        new("/login", "login", "Connexion", Private: false),
        new("/dashboard", "dashboard", "Tableau de bord", Private: true),
        new("/credentials", "credentials", "Identifiants d'API et compte", Private: true),
        new("/pdl/{id:guid}", "pdl", "Données du point de livraison", Private: true),
    ];

    public static IHostApplicationBuilder AddWebPages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PageRenderer>();
        return builder;
    }

    public static WebApplication MapWebPages(this WebApplication app)
    {
        app.UseMiddleware<HtmlNotFound>();
        // Only /assets is served from disk: the page fragments are reached through their routes, so that the
        // session check below cannot be bypassed by asking for the file.
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/assets",
            FileProvider = new PhysicalFileProvider(Path.Combine(app.Environment.WebRootPath, "assets")),
            // Files keep their names across releases, so browsers must revalidate them.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });

        var pages = app.MapGroup("").ExcludeFromDescription().AllowAnonymous();
        foreach (var page in All)
        {
            pages.MapGet(page.Route, (HttpContext http, PageRenderer renderer) => Serve(http, renderer, page)).WithName("Page_" + page.Name);
        }
        return app;
    }

    private static IResult Serve(HttpContext http, PageRenderer renderer, WebPage page)
    {
        var signedIn = http.User.Identity?.IsAuthenticated == true;
        if (page.Private && !signedIn)
        {
            return TypedResults.Redirect("/login?next=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString));
        }
        return renderer.Render(http, page, signedIn, StatusCodes.Status200OK);
    }

    /// <summary>A private page after a logout must not come back from the browser's cache.</summary>
    internal static void SetPageHeaders(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
        // Everything comes from this origin: no CDN, no inline script. The Enedis consent page is reached by
        // navigation, which this policy does not restrict.
        response.Headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    }
}

/// <summary>
/// Wraps each page fragment in the one layout (header, navigation, footer). Files are read once: they ship
/// with the build and never change while the API runs.
/// </summary>
public sealed class PageRenderer(IWebHostEnvironment environment)
{
    private readonly Lazy<string> _layout = new(() => Read(environment, "layout.html"));
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _fragments = new();

    public IResult Render(HttpContext http, WebPage page, bool signedIn, int status)
    {
        var fragment = _fragments.GetOrAdd(page.Name, name => Read(environment, $"pages/{name}.html"));
        var html = _layout.Value
            .Replace("{{title}}", System.Net.WebUtility.HtmlEncode(page.Title), StringComparison.Ordinal)
            .Replace("{{page}}", page.Name, StringComparison.Ordinal)
            .Replace("{{nav}}", Navigation(page, signedIn), StringComparison.Ordinal)
            .Replace("{{content}}", fragment, StringComparison.Ordinal);
        WebPages.SetPageHeaders(http.Response);
        return TypedResults.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }

    private static string Navigation(WebPage page, bool signedIn)
    {
        static string Link(WebPage current, string href, string label) =>
            $"<li><a href=\"{href}\"{(current.Route == href ? " aria-current=\"page\"" : "")}>{label}</a></li>";

        var items = signedIn
            ? Link(page, "/dashboard", "Tableau de bord") + Link(page, "/credentials", "Identifiants d'API") + Link(page, "/docs", "Documentation de l'API")
                + "<li><button type=\"button\" class=\"link-button\" data-action=\"logout\">Se déconnecter</button></li>"
            : Link(page, "/docs", "Documentation de l'API") + Link(page, "/login", "Connexion") + Link(page, "/signup", "Créer un compte");
        return $"<ul>{items}</ul>";
    }

    private static string Read(IWebHostEnvironment environment, string path)
    {
        var file = environment.WebRootFileProvider.GetFileInfo(path);
        if (!file.Exists || file.PhysicalPath is null)
        {
            throw new InvalidOperationException($"wwwroot/{path} is missing from the API's content root.");
        }
        return File.ReadAllText(file.PhysicalPath);
    }
}

/// <summary>
/// A person who mistypes a page address gets a page, not an empty answer. Only browser navigations outside
/// the API are concerned: /api keeps its JSON envelope, and /docs, /openapi and /health keep their own answers.
/// </summary>
public sealed class HtmlNotFound(RequestDelegate next)
{
    private static readonly WebPage NotFoundPage = new("", "not-found", "Page introuvable", Private: false);

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var request = context.Request;
        if (context.Response.StatusCode == StatusCodes.Status404NotFound && !context.Response.HasStarted
            && context.Response.ContentType is null && context.Response.ContentLength is null
            && HttpMethods.IsGet(request.Method) && !request.Path.StartsWithSegments("/api")
            && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            var renderer = context.RequestServices.GetRequiredService<PageRenderer>();
            var signedIn = context.User is ClaimsPrincipal { Identity.IsAuthenticated: true };
            await renderer.Render(context, NotFoundPage, signedIn, StatusCodes.Status404NotFound).ExecuteAsync(context);
        }
    }
}
