using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using MyElectricalData.Tests.Harness;
using StackExchange.Redis;

namespace MyElectricalData.Tests.Features.Accounts;

[Collection(AppHostCollection.Name)]
public sealed class AccountLifecycleTests(AppHostFixture fixture)
{
    [Fact]
    public async Task MeDescribesTheAccountItsRoleAndPermissions()
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.ClientFor(user);

        var me = await (await client.GetAsync("/api/accounts/me")).DataAsync();

        me.GetProperty("email").GetString().ShouldBe(user.Email);
        me.GetProperty("is_active").GetBoolean().ShouldBeTrue();
        me.GetProperty("email_verified").GetBoolean().ShouldBeFalse();
        me.GetProperty("is_admin").GetBoolean().ShouldBeFalse();
        me.GetProperty("role").GetProperty("name").GetString().ShouldBe("visitor");
        me.GetProperty("role").GetProperty("permissions").GetArrayLength().ShouldBe(0);
        me.TryGetProperty("client_secret", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task CredentialsShowTheSecretToItsOwner()
    {
        var user = await fixture.SignUpAsync();
        using var client = await fixture.LoggedInClientAsync(user.Email, user.Password);

        var credentials = await (await client.GetAsync("/api/accounts/credentials")).DataAsync();

        credentials.GetProperty("client_id").GetString().ShouldBe(user.ClientId);
        credentials.GetProperty("client_secret").GetString().ShouldBe(user.ClientSecret);
    }

    [Fact]
    public async Task RegeneratingTheSecretRefusesTheOldOneAtOnce()
    {
        var user = await fixture.SignUpAsync();
        using var old = fixture.ClientFor(user);

        var regenerated = await (await old.PostAsync("/api/accounts/regenerate-secret", null)).DataAsync();
        var newSecret = regenerated.GetProperty("client_secret").GetString()!;
        using var refused = await old.GetAsync("/api/accounts/me");
        using var fresh = fixture.ClientFor(user with { ClientSecret = newSecret });
        using var accepted = await fresh.GetAsync("/api/accounts/me");

        newSecret.ShouldNotBe(user.ClientSecret);
        await refused.ShouldFailWithAsync(HttpStatusCode.Unauthorized, "INVALID_TOKEN");
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task EmailVerificationWorksOnceThenTheTokenIsUsed()
    {
        var user = await fixture.SignUpAsync();
        var token = await fixture.TokenFromMailAsync("verify-email", user.Email);
        using var client = fixture.CreateHttpClient("api");

        using var first = await client.GetAsync($"/api/accounts/verify-email?token={token}");
        using var second = await client.GetAsync($"/api/accounts/verify-email?token={token}");
        var me = await (await fixture.ClientFor(user).GetAsync("/api/accounts/me")).DataAsync();

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        await second.ShouldFailWithAsync(HttpStatusCode.BadRequest, "INVALID_TOKEN");
        me.GetProperty("email_verified").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task PasswordResetSetsANewPasswordAndTheLinkCannotBeReused()
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.CreateHttpClient("api");
        using var forgot = await client.PostAsJsonAsync("/api/accounts/forgot-password", new { email = user.Email });
        var token = await fixture.TokenFromMailAsync("reset-password", user.Email);

        using var reset = await client.PostAsJsonAsync("/api/accounts/reset-password", new { token, new_password = "Brand-New-Pass-9" });
        using var reuse = await client.PostAsJsonAsync("/api/accounts/reset-password", new { token, new_password = "Another-Pass-10" });
        using var login = await client.PostAsJsonAsync("/api/accounts/login", new { email = user.Email, password = "Brand-New-Pass-9" });

        forgot.StatusCode.ShouldBe(HttpStatusCode.OK);
        reset.StatusCode.ShouldBe(HttpStatusCode.OK);
        await reuse.ShouldFailWithAsync(HttpStatusCode.BadRequest, "INVALID_TOKEN");
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnExpiredResetTokenIsRefusedAsExpired()
    {
        var user = await fixture.SignUpAsync();
        const string token = "expired-token-for-the-test";
        await using (var db = await Database.OpenAsync(fixture))
        {
            await db.ExecuteAsync(
                "INSERT INTO user_tokens (id, user_id, purpose, token_hash, created_at, expires_at) " +
                "SELECT gen_random_uuid(), id, 'PasswordReset', @p1, now() - interval '2 hours', now() - interval '1 hour' FROM users WHERE email = @p0",
                user.Email, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))));
        }
        using var client = fixture.CreateHttpClient("api");

        using var reset = await client.PostAsJsonAsync("/api/accounts/reset-password", new { token, new_password = "Brand-New-Pass-9" });

        await reset.ShouldFailWithAsync(HttpStatusCode.BadRequest, "TOKEN_EXPIRED");
    }

    [Fact]
    public async Task ForgotPasswordAnswersTheSameForUnknownEmails()
    {
        using var client = fixture.CreateHttpClient("api");

        using var response = await client.PostAsJsonAsync("/api/accounts/forgot-password", new { email = GatewayClient.UniqueEmail("nobody") });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UpdatePasswordNeedsTheCurrentOne()
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.ClientFor(user);

        using var wrong = await client.PostAsJsonAsync("/api/accounts/update-password", new { old_password = "Not-The-One-1", new_password = "Brand-New-Pass-9" });
        using var right = await client.PostAsJsonAsync("/api/accounts/update-password", new { old_password = user.Password, new_password = "Brand-New-Pass-9" });

        (await wrong.ShouldFailWithAsync(HttpStatusCode.BadRequest, "INVALID_CREDENTIALS")).GetProperty("field").GetString().ShouldBe("old_password");
        right.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UsageStatsReportTodaysCountersAndLimits()
    {
        var user = await fixture.SignUpAsync();

        var stats = await (await fixture.ClientFor(user).GetAsync("/api/accounts/usage-stats")).DataAsync();

        stats.GetProperty("cached_requests").GetInt64().ShouldBe(0);
        stats.GetProperty("no_cache_requests").GetInt64().ShouldBe(0);
        stats.GetProperty("cached_limit").GetInt32().ShouldBe(1000);
        stats.GetProperty("no_cache_limit").GetInt32().ShouldBe(50);
        stats.GetProperty("date").GetString().ShouldBe(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task DeletingTheAccountLeavesNoRowAndNoKeyOfTheUser()
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.ClientFor(user);
        var usagePointId = GatewayClient.UniqueUsagePointId();
        await client.CreatePdlAsync(usagePointId);
        var userId = (await (await client.GetAsync("/api/accounts/me")).DataAsync()).GetProperty("id").GetGuid();
        using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.ConnectionString("redis"));
        await redis.GetDatabase().StringSetAsync($"consumption:daily:{usagePointId}:2026-01-01", "x");
        await redis.GetDatabase().StringSetAsync($"quota:{userId:N}:2026-01-01:cached", 3);

        using var deleted = await client.DeleteAsync("/api/accounts/me");

        deleted.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = await Database.OpenAsync(fixture);
        foreach (var table in await db.ColumnAsync("SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'user_id'"))
        {
            (await db.ScalarAsync<long>($"SELECT count(*) FROM \"{table}\" WHERE user_id = @p0", userId)).ShouldBe(0, table);
        }
        (await db.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = @p0", userId)).ShouldBe(0);
        (await redis.GetDatabase().KeyExistsAsync($"consumption:daily:{usagePointId}:2026-01-01")).ShouldBeFalse();
        (await redis.GetDatabase().KeyExistsAsync($"quota:{userId:N}:2026-01-01:cached")).ShouldBeFalse();
        using var after = await client.GetAsync("/api/accounts/me");
        after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
