using System.Net;
using System.Net.Http.Headers;

namespace MyElectricalData.Enedis.Token;

/// <summary>
/// Puts the company token on every data call. A 401 drops that token so that the retry (which treats 401 as
/// worth one more try) goes out with a fresh one, and under the budget like any attempt.
/// </summary>
internal sealed class EnedisAuthHandler(EnedisTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetTokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            await tokens.InvalidateAsync(token);
        }
        return response;
    }
}
