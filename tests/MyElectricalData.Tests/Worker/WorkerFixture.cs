using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;
using MyElectricalData.Data.Redis;
using MyElectricalData.Enedis;
using MyElectricalData.MeterData;
using MyElectricalData.Tests.Enedis;
using MyElectricalData.Tests.Harness;
using MyElectricalData.Worker.Prewarm;
using MyElectricalData.Worker.Tokens;
using StackExchange.Redis;

namespace MyElectricalData.Tests.Worker;

/// <summary>
/// A topology of its own (PostgreSQL, Redis, the sandbox and the API, no worker process): the pre-warm reads
/// every active PDL of the database and the budget is measured, so no other collection may share them. Worker
/// instances are built in the test process on that topology, each its own service provider (like replicas).
/// </summary>
public sealed class WorkerFixture : IAsyncLifetime
{
    private static readonly JsonSerializerOptions CallJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, PropertyNameCaseInsensitive = true };

    private TestTopology _app = null!;

    public string SecretKey { get; private set; } = "";

    public HttpClient Sandbox { get; private set; } = null!;

    public ConnectionMultiplexer Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = await (await TestTopology.CreateAsync()).KeepOnly("api").StartAsync();
        SecretKey = _app.ParameterValue("secret-key");
        Sandbox = new HttpClient { BaseAddress = _app.Endpoint("enedis-sandbox") };
        Redis = await ConnectionMultiplexer.ConnectAsync(_app.ConnectionString("redis"));
    }

    /// <summary>A worker as the worker process builds it (jobs not started), on this topology.</summary>
    public IHost CreateWorker(TimeProvider? clock = null, IDictionary<string, string?>? settings = null, Uri? sandbox = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:myelectricaldata"] = _app.ConnectionString("myelectricaldata"),
            ["ConnectionStrings:redis"] = _app.ConnectionString("redis"),
            ["ENEDIS_ENVIRONMENT"] = "simulator",
            ["services:enedis-sandbox:http:0"] = (sandbox ?? Sandbox.BaseAddress!).ToString(),
            ["ENEDIS_CLIENT_ID"] = "sandbox-client",
            ["ENEDIS_CLIENT_SECRET"] = "sandbox-secret",
            ["SECRET_KEY"] = SecretKey,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Logging.ClearProviders();
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }
        services?.Invoke(builder.Services);
        builder.AddGatewayDatabase();
        builder.AddGatewayRedis();
        builder.AddSecretProtector();
        builder.AddEnedisProvider();
        builder.AddMeterData();
        builder.AddTokenKeeper();
        builder.AddPrewarm();
        return builder.Build();
    }

    /// <summary>
    /// Each test starts from no active PDL, no completed run and an empty call log. The budget window is kept: the
    /// sandbox still counts the last second's calls, and an emptied window would let us exceed its quota (429).
    /// </summary>
    public async Task ResetAsync(IHost worker)
    {
        await using (var scope = worker.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().Pdls.ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false));
        }
        await Redis.GetDatabase().KeyDeleteAsync(PrewarmLeases.CompletedKey);
        await Sandbox.DeleteAsync("/_sandbox/calls");
        await Sandbox.DeleteAsync("/_sandbox/faults");
    }

    /// <summary>Users with one PDL each bound to their consent, written straight to the database (signing up over HTTP is slow).</summary>
    public async Task<List<(User User, Pdl Pdl, string ClientSecret)>> SeedAsync(IHost worker, int count, bool production = false, bool consent = true)
    {
        var protector = new SecretProtector(SecretKey);
        var seeded = new List<(User, Pdl, string)>();
        await using var scope = worker.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        for (var i = 0; i < count; i++)
        {
            var secret = SecretProtector.NewClientSecret();
            var user = new User
            {
                Id = Guid.NewGuid(),
                Email = GatewayClient.UniqueEmail("prewarm"),
                PasswordHash = "unused",
                ClientId = SecretProtector.NewClientId(),
                ClientSecretHash = protector.HashSecret(secret),
                ClientSecretEncrypted = [],
                CreatedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
            };
            user.ClientSecretEncrypted = protector.Encrypt(secret, user.Id);
            var usagePointId = GatewayClient.UniqueUsagePointId();
            // The sandbox's meters produce when the id's last digit is even.
            while (production && (usagePointId[^1] - '0') % 2 != 0)
            {
                usagePointId = GatewayClient.UniqueUsagePointId();
            }
            var pdl = new Pdl { Id = Guid.NewGuid(), UserId = user.Id, UsagePointId = usagePointId, HasProduction = production, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
            // Bound as the consent callback binds it; `consent` says whether Enedis itself still holds that consent.
            pdl.BindConsent(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMonths(36));
            db.Users.Add(user);
            db.Pdls.Add(pdl);
            seeded.Add((user, pdl, secret));
            if (consent)
            {
                (await Sandbox.PostAsync($"/_sandbox/consents/{pdl.UsagePointId}", null)).EnsureSuccessStatusCode();
            }
        }
        await db.SaveChangesAsync();
        return seeded;
    }

    /// <summary>A real sign-up and consumption-only PDL over the API, so that the API's own key derivation is what reads the cache.</summary>
    public async Task<(HttpClient Client, string UsagePointId)> SignUpWithPdlAsync()
    {
        using var anonymous = _app.CreateHttpClient("api");
        using var response = await anonymous.PostAsJsonAsync("/api/accounts/signup", new { email = GatewayClient.UniqueEmail("prewarm"), password = GatewayClient.StrongPassword });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var secret = (await response.DataAsync()).GetProperty("client_secret").GetString()!;
        var client = _app.CreateHttpClient("api");
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        var usagePointId = GatewayClient.UniqueUsagePointId();
        // Consumption only: the sandbox's meters produce when the id's last digit is even, and the consent detects it.
        while ((usagePointId[^1] - '0') % 2 == 0)
        {
            usagePointId = GatewayClient.UniqueUsagePointId();
        }
        await client.CreateConsentedPdlAsync(usagePointId);
        return (client, usagePointId);
    }

    public async Task<IReadOnlyList<SandboxCall>> CallsAsync(HttpClient? sandbox = null) =>
        await (sandbox ?? Sandbox).GetFromJsonAsync<List<SandboxCall>>("/_sandbox/calls", CallJson) ?? [];

    public async Task DisposeAsync()
    {
        Sandbox.Dispose();
        Redis.Dispose();
        await _app.DisposeAsync();
    }
}

/// <summary>Runs alone: its budget and rate measurements must not share two cores with other collections.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkerCollection : ICollectionFixture<WorkerFixture>
{
    public const string Name = "Worker";
}
