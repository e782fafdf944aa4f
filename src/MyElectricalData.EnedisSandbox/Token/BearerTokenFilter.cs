// Owns: the rule that every data endpoint needs "Authorization: Bearer <a token this sandbox issued, not expired>".
using System.Net.Http.Headers;
using MyElectricalData.EnedisSandbox.Errors;

namespace MyElectricalData.EnedisSandbox.Token;

internal sealed class BearerTokenFilter(TokenStore tokens) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var authorized = AuthenticationHeaderValue.TryParse(context.HttpContext.Request.Headers.Authorization, out var header)
            && header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            && header.Parameter is { } token
            && tokens.IsValid(token);
        return authorized ? await next(context) : GatewayFaultBody.InvalidCredentials();
    }
}
