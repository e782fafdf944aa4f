using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MyElectricalData.Enedis.Errors;
using MyElectricalData.Enedis.Generated.Token;
using MyElectricalData.Enedis.Generated.Token.Oauth2.V3.Token;
using MyElectricalData.Primitives;
using StackExchange.Redis;

namespace MyElectricalData.Enedis.Token;

public sealed record EnedisToken(string AccessToken, DateTimeOffset ExpiresAt);

/// <summary>
/// The company's client-credentials token: fetched once, kept in memory and in Redis (encrypted with a key
/// derived from the company secret, so replicas share it and a Redis dump alone does not leak it), renewed
/// ahead of expiry by one caller at a time across the deployment. Never logged.
/// </summary>
public sealed partial class EnedisTokenProvider(
    IHttpClientFactory httpClients,
    IConnectionMultiplexer redis,
    IOptions<EnedisOptions> options,
    TimeProvider time,
    ILogger<EnedisTokenProvider> logger)
{
    public const string HttpClientName = "enedis-token";
    internal const string RedisKey = "enedis:token";
    private const string LockKey = "enedis:token:lock";
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);
    private static ReadOnlySpan<byte> SealedWith => "enedis-token"u8;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private EnedisToken? _current;

    /// <summary>State for health reports; never the token itself.</summary>
    public DateTimeOffset? ExpiresAt => _current?.ExpiresAt;

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_current is { } token && !NeedsRenewal(token))
        {
            return token.AccessToken;
        }
        return (await RenewAsync(force: false, cancellationToken)).AccessToken;
    }

    /// <summary>Drops a token Enedis refused (401), so that the next call fetches a new one.</summary>
    public async Task InvalidateAsync(string refused)
    {
        if (_current?.AccessToken == refused)
        {
            _current = null;
        }
        var shared = await ReadSharedAsync();
        if (shared?.AccessToken == refused)
        {
            await redis.GetDatabase().KeyDeleteAsync(RedisKey);
        }
    }

    /// <summary>Renews when due (or when forced); safe to call from many places at once.</summary>
    public async Task<EnedisToken> RenewAsync(bool force, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!force && _current is { } current && !NeedsRenewal(current))
            {
                return current;
            }
            if (!force && await ReadSharedAsync() is { } shared && !NeedsRenewal(shared))
            {
                return _current = shared;
            }
            await using (var lease = await RedisLease.TryAcquireAsync(redis.GetDatabase(), LockKey, LeaseDuration))
            {
                if (lease is not null)
                {
                    // Released on the way out only if still ours: it may have expired and been taken by someone else meanwhile.
                    var fresh = await FetchAsync(cancellationToken);
                    await WriteSharedAsync(fresh);
                    LogRenewed(logger, fresh.ExpiresAt);
                    return _current = fresh;
                }
            }
            // Another replica is fetching: wait for its result.
            var renewedElsewhere = await RedisLease.PollAsync<EnedisToken>(
                async () => await ReadSharedAsync() is { } renewed && !NeedsRenewal(renewed) && renewed.AccessToken != _current?.AccessToken ? renewed : null,
                LeaseDuration, TimeSpan.FromMilliseconds(100), time, cancellationToken);
            if (renewedElsewhere is not null)
            {
                return _current = renewedElsewhere;
            }
            throw new EnedisException(EnedisErrorKind.Unavailable, null, "The Enedis token could not be renewed in time.");
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool NeedsRenewal(EnedisToken token) => token.ExpiresAt - time.GetUtcNow() < options.Value.TokenRefreshAhead;

    private async Task<EnedisToken> FetchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var adapter = EnedisClients.Adapter(httpClients.CreateClient(HttpClientName), settings);
        try
        {
            var response = await new EnedisTokenClient(adapter).Oauth2.V3.Token.PostAsync(new TokenPostRequestBody
            {
                GrantType = TokenPostRequestBody_grant_type.Client_credentials,
                ClientId = settings.ClientId,
                ClientSecret = settings.ClientSecret,
            }, cancellationToken: cancellationToken);
            if (response?.AccessToken is not { Length: > 0 } accessToken)
            {
                throw new EnedisException(EnedisErrorKind.BadResponse, null, "Enedis' token answer had no access_token.");
            }
            var lifetime = TimeSpan.FromSeconds(response.ExpiresIn is > 0 ? response.ExpiresIn.Value : 3600);
            return new EnedisToken(accessToken, time.GetUtcNow() + lifetime);
        }
        catch (Exception e) when (e is not EnedisException and not OperationCanceledException)
        {
            throw EnedisErrorClassifier.Classify(e);
        }
    }

    private async Task<EnedisToken?> ReadSharedAsync()
    {
        var stored = (byte[]?)await redis.GetDatabase().StringGetAsync(RedisKey);
        // Written under other credentials, or not by us: treat as absent.
        if (stored is null || Aead.Open(Key(), stored, SealedWith) is not { Length: > 0 } plaintext)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<EnedisToken>(plaintext);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task WriteSharedAsync(EnedisToken token)
    {
        var stored = Aead.Seal(Key(), JsonSerializer.SerializeToUtf8Bytes(token), SealedWith);
        var ttl = token.ExpiresAt - time.GetUtcNow();
        if (ttl > TimeSpan.Zero)
        {
            await redis.GetDatabase().StringSetAsync(RedisKey, stored, ttl);
        }
    }

    private byte[] Key() => HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(options.Value.ClientSecret), 32,
        info: Encoding.UTF8.GetBytes("myelectricaldata/enedis-token/v1/" + options.Value.ClientId));

    [LoggerMessage(Level = LogLevel.Information, Message = "Enedis company token renewed; valid until {ExpiresAt:O}")]
    private static partial void LogRenewed(ILogger logger, DateTimeOffset expiresAt);
}
