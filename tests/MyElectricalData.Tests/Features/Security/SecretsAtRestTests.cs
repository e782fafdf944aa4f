using System.Net.Http.Json;
using System.Text;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Features.Security;

[Collection(AppHostCollection.Name)]
public sealed class SecretsAtRestTests(AppHostFixture fixture)
{
    [Fact]
    public async Task NoSecretPasswordOrTokenAppearsInClearInTheDatabaseOrTheLogs()
    {
        var user = await fixture.SignUpAsync();
        using var client = fixture.CreateHttpClient("api");
        using var login = await client.PostAsJsonAsync("/api/accounts/login", new { email = user.Email, password = user.Password });
        var jwt = (await login.DataAsync()).GetProperty("access_token").GetString()!;
        using var token = await client.PostAsync("/api/accounts/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = user.ClientId,
            ["client_secret"] = user.ClientSecret,
        }));
        var tokenJwt = (await token.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["access_token"].ToString()!;
        using var credentials = await fixture.ClientFor(user).GetAsync("/api/accounts/credentials");
        credentials.EnsureSuccessStatusCode();
        string[] secrets = [user.ClientSecret, user.Password, jwt, tokenJwt, Convert.ToHexStringLower(Encoding.UTF8.GetBytes(user.ClientSecret))];

        await using var db = await Database.OpenAsync(fixture);
        var dump = new StringBuilder();
        foreach (var table in await db.ColumnAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
        {
            dump.AppendLine(await db.ScalarAsync<string>($"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM \"{table}\" t"));
        }
        var logs = string.Join('\n', fixture.Topology.Logs.All.Select(l => l.Text));

        dump.ToString().ShouldContain(user.ClientId, customMessage: "the dump must hold the user's row");
        foreach (var secret in secrets)
        {
            dump.ToString().ShouldNotContain(secret);
            logs.ShouldNotContain(secret);
        }
    }
}
