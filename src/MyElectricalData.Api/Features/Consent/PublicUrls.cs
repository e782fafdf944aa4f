using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Enedis;

namespace MyElectricalData.Api.Features.Consent;

/// <summary>
/// Where browsers are sent: the consent callback Enedis redirects to, and the dashboard the callback redirects to. They
/// come from configuration only (<c>ENEDIS_REDIRECT_URI</c>, <c>BACKEND_URL</c>, <c>FRONTEND_URL</c>), never from a
/// request's Host header, which any client can set. Outside Production, an unset <c>BACKEND_URL</c> falls back to the
/// address this server listens on, so that a local run works without settings.
/// </summary>
public sealed class PublicUrls(IConfiguration configuration, IHostEnvironment environment, IServer server, IOptions<EnedisOptions> enedis)
{
    public string? BackendUrl => configuration["BACKEND_URL"] is { Length: > 0 } url ? url.TrimEnd('/')
        : environment.IsProduction() ? null : ListeningAddress();

    public string? FrontendUrl => configuration["FRONTEND_URL"] is { Length: > 0 } url ? url.TrimEnd('/') : BackendUrl;

    /// <summary>The callback registered with Enedis, or the error to answer when none is configured.</summary>
    public string ConsentRedirectUri => enedis.Value.RedirectUri ?? (BackendUrl is { } backend ? $"{backend}/api/oauth/callback"
        : throw new ApiErrorException(new ApiError(StatusCodes.Status503ServiceUnavailable, ErrorCodes.InternalError,
            "Le consentement Enedis n'est pas configuré sur ce serveur (ENEDIS_REDIRECT_URI ou BACKEND_URL).")));

    public string Dashboard => $"{FrontendUrl ?? ""}/dashboard";

    private string? ListeningAddress() =>
        server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } address
            ? address.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal).TrimEnd('/')
            : null;
}
