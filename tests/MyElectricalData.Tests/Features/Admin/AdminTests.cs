using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MyElectricalData.Tests.Harness;
using StackExchange.Redis;

namespace MyElectricalData.Tests.Features.Admin;

[Collection(AppHostCollection.Name)]
public sealed class AdminTests(AppHostFixture fixture)
{
    private static TestUser? _admin;

    private async Task<HttpClient> AdminAsync()
    {
        _admin ??= await SignUpAdminAsync();
        return fixture.ClientFor(_admin);
    }

    private async Task<TestUser> SignUpAdminAsync()
    {
        await using var db = await Database.OpenAsync(fixture);
        // The admin account may exist from an earlier test class in this run.
        await db.ExecuteAsync("DELETE FROM users WHERE email = @p0", AppHostFixture.AdminEmail);
        return await fixture.SignUpAsync(AppHostFixture.AdminEmail);
    }

    [Fact]
    public async Task AnAdminEmailSignsUpAsAdmin()
    {
        using var admin = await AdminAsync();

        var me = await (await admin.GetAsync("/api/accounts/me")).DataAsync();

        me.GetProperty("is_admin").GetBoolean().ShouldBeTrue();
        me.GetProperty("role").GetProperty("name").GetString().ShouldBe("admin");
    }

    [Fact]
    public async Task AdminsListUsersWithCountsButNeverSecrets()
    {
        using var admin = await AdminAsync();
        var user = await fixture.SignUpAsync();
        await fixture.ClientFor(user).CreatePdlAsync(GatewayClient.UniqueUsagePointId());

        using var response = await admin.GetAsync("/api/admin/users");
        var body = await response.Content.ReadAsStringAsync();
        var listed = (await response.DataAsync()).EnumerateArray().Single(u => u.GetProperty("email").GetString() == user.Email);

        listed.GetProperty("pdl_count").GetInt32().ShouldBe(1);
        listed.GetProperty("usage_today").GetProperty("no_cache_requests").GetInt64().ShouldBe(0);
        body.ShouldNotContain(user.ClientSecret);
        body.ShouldNotContain("password", Case.Insensitive);
        body.ShouldNotContain("secret", Case.Insensitive);
    }

    [Fact]
    public async Task VisitorsAreForbiddenFromAdminRoutes()
    {
        using var visitor = fixture.ClientFor(await fixture.SignUpAsync());

        using var users = await visitor.GetAsync("/api/admin/users");
        using var roles = await visitor.GetAsync("/api/admin/roles");

        await users.ShouldFailWithAsync(HttpStatusCode.Forbidden, "ACCESS_DENIED");
        await roles.ShouldFailWithAsync(HttpStatusCode.Forbidden, "ACCESS_DENIED");
    }

    [Fact]
    public async Task AnAdminCannotDeleteOrDeactivateThemself()
    {
        using var admin = await AdminAsync();
        var id = (await (await admin.GetAsync("/api/accounts/me")).DataAsync()).GetProperty("id").GetGuid();

        using var delete = await admin.DeleteAsync($"/api/admin/users/{id}");
        using var toggle = await admin.PostAsync($"/api/admin/users/{id}/toggle-status", null);

        await delete.ShouldFailWithAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await toggle.ShouldFailWithAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task DeactivatingAUserLocksThemOutAtOnce()
    {
        using var admin = await AdminAsync();
        var user = await fixture.SignUpAsync();
        using var client = fixture.ClientFor(user);
        var id = (await (await client.GetAsync("/api/accounts/me")).DataAsync()).GetProperty("id").GetGuid();

        var toggled = await (await admin.PostAsync($"/api/admin/users/{id}/toggle-status", null)).DataAsync();
        using var refused = await client.GetAsync("/api/accounts/me");

        toggled.GetProperty("is_active").GetBoolean().ShouldBeFalse();
        await refused.ShouldFailWithAsync(HttpStatusCode.Forbidden, "USER_INACTIVE");
    }

    [Fact]
    public async Task AdminsDeleteOtherUsersAndResetTheirQuota()
    {
        using var admin = await AdminAsync();
        var user = await fixture.SignUpAsync();
        var id = (await (await fixture.ClientFor(user).GetAsync("/api/accounts/me")).DataAsync()).GetProperty("id").GetGuid();
        using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.ConnectionString("redis"));
        var counter = $"quota:{id:N}:{DateTime.UtcNow:yyyy-MM-dd}:no_cache";
        await redis.GetDatabase().StringSetAsync(counter, 7);

        using var reset = await admin.PostAsync($"/api/admin/users/{id}/reset-quota", null);
        var counterAfterReset = await redis.GetDatabase().KeyExistsAsync(counter);
        using var delete = await admin.DeleteAsync($"/api/admin/users/{id}");
        using var again = await admin.DeleteAsync($"/api/admin/users/{id}");

        reset.StatusCode.ShouldBe(HttpStatusCode.OK);
        counterAfterReset.ShouldBeFalse();
        delete.StatusCode.ShouldBe(HttpStatusCode.OK);
        await again.ShouldFailWithAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task SystemRolesAreImmutable()
    {
        using var admin = await AdminAsync();
        var roles = await (await admin.GetAsync("/api/admin/roles")).DataAsync();
        var adminRole = roles.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "admin").GetProperty("id").GetGuid();

        using var patch = await admin.PatchAsJsonAsync($"/api/admin/roles/{adminRole}", new { display_name = "Boss" });
        using var delete = await admin.DeleteAsync($"/api/admin/roles/{adminRole}");
        using var permissions = await admin.PutAsJsonAsync($"/api/admin/roles/{adminRole}/permissions", new { permission_ids = Array.Empty<Guid>() });

        roles.EnumerateArray().Where(r => r.GetProperty("is_system").GetBoolean()).Select(r => r.GetProperty("name").GetString())
            .ShouldBe(["admin", "moderator", "visitor"], ignoreOrder: true);
        await patch.ShouldFailWithAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await delete.ShouldFailWithAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await permissions.ShouldFailWithAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task ACustomRoleGrantsItsPermissionsToItsUsers()
    {
        using var admin = await AdminAsync();
        var permissions = await (await admin.GetAsync("/api/admin/roles/permissions")).DataAsync();
        var usersPermission = permissions.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "users").GetProperty("id").GetGuid();
        var name = $"support-{Guid.NewGuid():N}"[..20];
        using var created = await admin.PostAsJsonAsync("/api/admin/roles", new { name, display_name = "Support", permission_ids = new[] { usersPermission } });
        var roleId = (await created.DataAsync()).GetProperty("id").GetGuid();
        var user = await fixture.SignUpAsync();
        using var client = fixture.ClientFor(user);
        var userId = (await (await client.GetAsync("/api/accounts/me")).DataAsync()).GetProperty("id").GetGuid();

        using var assign = await admin.PutAsJsonAsync($"/api/admin/roles/users/{userId}/role", new { role_id = roleId });
        using var users = await client.GetAsync("/api/admin/users");
        using var roles = await client.GetAsync("/api/admin/roles");

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        assign.StatusCode.ShouldBe(HttpStatusCode.OK);
        users.StatusCode.ShouldBe(HttpStatusCode.OK);
        await roles.ShouldFailWithAsync(HttpStatusCode.Forbidden, "ACCESS_DENIED");
    }

    [Fact]
    public async Task StatsCountUsersAndPdls()
    {
        using var admin = await AdminAsync();

        var stats = await (await admin.GetAsync("/api/admin/stats")).DataAsync();
        var userStats = await (await admin.GetAsync("/api/admin/users/stats")).DataAsync();

        stats.GetProperty("users").GetInt32().ShouldBeGreaterThan(0);
        stats.GetProperty("pdls").GetInt32().ShouldBeGreaterThanOrEqualTo(2);
        userStats.GetProperty("admin_users").GetInt32().ShouldBeGreaterThanOrEqualTo(1);
        stats.ValueKind.ShouldBe(JsonValueKind.Object);
    }
}
