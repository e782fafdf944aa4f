using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;

namespace MyElectricalData.Api.Features.Auth;

/// <summary>
/// One scheme for the four ways a client proves who it is (SPEC §4): <c>Bearer &lt;JWT&gt;</c>, <c>Bearer &lt;client_secret&gt;</c>,
/// <c>Basic base64(client_id:client_secret)</c>, and on routes marked with <see cref="RawClientSecret.AcceptRawClientSecret{TBuilder}"/>
/// the bare client_secret with no scheme (legacy v1 clients), and without any Authorization header the <c>access_token</c>
/// cookie. A JWT (header or cookie) must carry the user's current security stamp. Every success loads the user, so a deactivated account or a
/// regenerated secret stops working at once: the user is remembered a few seconds per replica
/// (<see cref="AuthenticatedUserCache"/>), and every such change forgets them on every replica.
/// </summary>
public sealed class GatewayAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    JwtTokens jwt,
    SecretProtector secrets,
    ClientCredentials clientCredentials,
    IOptions<GatewaySecurityOptions> security,
    AuthenticatedUserCache users,
    GatewayDbContext db) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Gateway";
    public const string CookieName = "access_token";
    private const string FailureKey = "auth.failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (user, failure) = await ResolveUserAsync();
        if (failure is not null)
        {
            Context.Items[FailureKey] = failure;
            return AuthenticateResult.Fail(failure.Message);
        }
        if (user is null)
        {
            return AuthenticateResult.NoResult();
        }
        if (!user.IsActive)
        {
            Context.Items[FailureKey] = ApiError.Forbidden("Ce compte est désactivé.", ErrorCodes.UserInactive);
            return AuthenticateResult.Fail("inactive user");
        }
        // Kept for the request: data routes need the user's protected secret (their cache key) without a second query.
        Context.Items[CurrentUser.EntityKey] = user;
        return AuthenticateResult.Success(new AuthenticationTicket(CurrentUser.ToPrincipal(user, security.Value, SchemeName), SchemeName));
    }

    private async Task<(User? User, ApiError? Failure)> ResolveUserAsync()
    {
        // An explicit Authorization header wins over the cookie: a script's credentials must not be overridden by a stale
        // session cookie its HTTP client kept.
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            if (!Request.Cookies.TryGetValue(CookieName, out var cookie) || cookie.Length == 0)
            {
                return (null, null);
            }
            // Cookie values arrive percent-decoded: one holding a control character is no credential.
            return ControlCharacters.In(cookie) ? (null, Invalid()) : await FromJwtAsync(cookie);
        }
        if (ControlCharacters.In(header))
        {
            return (null, Invalid());
        }
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header["Bearer ".Length..].Trim();
            return JwtTokens.LooksLikeJwt(token) ? await FromJwtAsync(token) : await FromSecretAsync(token);
        }
        if (BasicCredentials.IsBasic(header))
        {
            if (BasicCredentials.Parse(header) is not var (clientId, clientSecret))
            {
                return (null, Invalid());
            }
            var user = await RememberedAsync(AuthenticatedUserCache.SecretKey(secrets.HashSecret(clientSecret)),
                () => clientCredentials.FindAsync(clientId, clientSecret, Context.RequestAborted));
            return user?.ClientId == clientId ? (user, null) : (null, Invalid());
        }
        // The legacy v1 API's clients send the secret itself as the header (no scheme); only routes that opt in accept it.
        if (!header.Contains(' ', StringComparison.Ordinal) && Context.GetEndpoint()?.Metadata.GetMetadata<RawClientSecretMetadata>() is not null)
        {
            return await FromSecretAsync(header);
        }
        return (null, Invalid());
    }

    private async Task<(User?, ApiError?)> FromJwtAsync(string token)
    {
        var validation = await jwt.ValidateAsync(token);
        if (validation.UserId is not { } id)
        {
            return (null, validation.Expired ? ApiError.Unauthorized(ErrorCodes.TokenExpired, "La session a expiré : reconnectez-vous.") : Invalid());
        }
        // The token's signature and lifetime are checked on every request; only the user row is remembered.
        var user = await RememberedAsync(AuthenticatedUserCache.UserKey(id), () => Users().SingleOrDefaultAsync(u => u.Id == id, Context.RequestAborted));
        if (user is null)
        {
            return (null, Invalid());
        }
        // Sessions end when the stamp changes (secret regenerated, password reset or changed, logout, deactivation).
        return validation.IsCurrentFor(user) ? (user, null) : (null, ApiError.Unauthorized(ErrorCodes.TokenExpired, "La session a été révoquée : reconnectez-vous."));
    }

    private async Task<(User?, ApiError?)> FromSecretAsync(string secret)
    {
        var hash = secrets.HashSecret(secret);
        var user = await RememberedAsync(AuthenticatedUserCache.SecretKey(hash), () => Users().SingleOrDefaultAsync(u => u.ClientSecretHash == hash, Context.RequestAborted));
        return user is null ? (null, Invalid()) : (user, null);
    }

    /// <summary>The user <paramref name="key"/> resolved to in the last few seconds, else <paramref name="lookup"/>'s answer, remembered.</summary>
    private async Task<User?> RememberedAsync(string key, Func<Task<User?>> lookup)
    {
        if (users.TryGet<User>(key, out var cached))
        {
            return cached;
        }
        var generation = users.Generation;
        var user = await lookup();
        if (user is not null)
        {
            users.Set(key, user.Id, user, generation);
        }
        return user;
    }

    private IQueryable<User> Users() => db.Users.AsNoTracking().Include(u => u.Role).ThenInclude(r => r!.Permissions);

    private static ApiError Invalid() => ApiError.Unauthorized(ErrorCodes.InvalidToken, "Identifiants d'API invalides.");

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var error = Context.Items[FailureKey] as ApiError ?? ApiError.Unauthorized(ErrorCodes.InvalidToken, "Authentification requise.");
        return ErrorResponses.WriteAsync(Context, error);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ErrorResponses.WriteAsync(Context, Context.Items[FailureKey] as ApiError
            ?? ApiError.Forbidden("Vous n'avez pas la permission d'effectuer cette action.", ErrorCodes.AccessDenied));
}
