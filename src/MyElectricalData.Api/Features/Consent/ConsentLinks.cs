using Microsoft.Extensions.Options;
using MyElectricalData.Enedis;

namespace MyElectricalData.Api.Features.Consent;

public sealed record AuthorizeResponse(string AuthorizeUrl, string Description);

/// <summary>Enedis' consent page URL for a user, carrying a fresh signed single-use state (valid 10 minutes).</summary>
public sealed class ConsentLinks(ConsentState states, IOptions<EnedisOptions> enedis, PublicUrls urls)
{
    public async Task<string> IssueAsync(Guid userId)
    {
        var state = await states.IssueAsync(userId);
        var settings = enedis.Value;
        return $"{settings.AuthorizeUrl}?client_id={Uri.EscapeDataString(settings.ClientId)}&duration=P36M&response_type=code" +
            $"&state={Uri.EscapeDataString(state)}&redirect_uri={Uri.EscapeDataString(urls.ConsentRedirectUri)}";
    }
}
