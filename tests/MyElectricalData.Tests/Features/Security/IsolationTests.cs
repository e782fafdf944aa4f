using System.Net;
using System.Net.Http.Json;
using System.Text;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Features.Security;

/// <summary>
/// User B must never reach user A's resources. The routes come from the running API's OpenAPI document, so a
/// route added later is covered without touching this test.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class IsolationTests(AppHostFixture fixture)
{
    private static readonly (string Start, string End) Week = (
        $"{MyElectricalData.Enedis.Dates.EnedisCalendar.Today(TimeProvider.System).AddDays(-7):yyyy-MM-dd}",
        $"{MyElectricalData.Enedis.Dates.EnedisCalendar.Today(TimeProvider.System):yyyy-MM-dd}");

    [Fact]
    public async Task AnotherUserGetsNotFoundOrForbiddenOnEveryScopedRouteWithEveryCredentialForm()
    {
        var a = await fixture.SignUpAsync();
        var b = await fixture.SignUpAsync();
        using var clientA = fixture.ClientFor(a);
        var usagePointId = GatewayClient.UniqueUsagePointId();
        var pdlId = await clientA.CreateConsentedPdlAsync(usagePointId, "A's home");
        var userIdA = (await (await clientA.GetAsync("/api/accounts/me")).DataAsync()).GetProperty("id").GetGuid();
        var credentials = await CredentialFormsAsync(b);
        var operations = (await ApiSurface.ReadAsync(fixture)).Where(o => o.IsProtected && o.PathParameters.Any()).ToList();
        var leaks = new List<string>();
        var checks = 0;
        using var client = fixture.CreateHttpClient("api");

        foreach (var operation in operations)
        {
            var path = operation.Path;
            foreach (var parameter in operation.PathParameters)
            {
                var value = parameter switch
                {
                    "usage_point_id" => usagePointId,
                    "id" when path.StartsWith("/api/pdl", StringComparison.Ordinal) => pdlId.ToString(),
                    "start" => Week.Start,
                    "end" => Week.End,
                    _ => userIdA.ToString(),
                };
                path = path.Replace("{" + parameter + "}", value, StringComparison.Ordinal);
            }
            // Well-formed dates, so that only ownership can refuse a data read.
            if (path.StartsWith("/api/enedis/", StringComparison.Ordinal) && operation.Method == "GET")
            {
                path += $"?start={Week.Start}&end={Week.End}";
            }
            // The bare secret is a credential on the legacy routes only (elsewhere it is refused with 401).
            foreach (var (form, header, value) in credentials.Where(c => c.Form != "raw secret" || !path.StartsWith("/api", StringComparison.Ordinal)))
            {
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
                request.Headers.TryAddWithoutValidation(header, value);
                if (operation.HasBody)
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                checks++;
                if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Forbidden) || body.Contains(usagePointId, StringComparison.Ordinal)
                    || body.Contains(a.Email, StringComparison.Ordinal))
                {
                    leaks.Add($"{operation} as B ({form}) -> {(int)response.StatusCode}: {body}");
                }
            }
        }

        operations.Select(o => o.ToString()).ShouldContain("GET /api/pdl/{id}");
        operations.Select(o => o.ToString()).ShouldContain("DELETE /api/admin/users/{id}");
        checks.ShouldBeGreaterThan(operations.Count * 4);
        leaks.ShouldBeEmpty();
        var stillThere = await (await clientA.GetAsync($"/api/pdl/{pdlId}")).DataAsync();
        stillThere.GetProperty("name").GetString().ShouldBe("A's home");
        stillThere.GetProperty("is_active").GetBoolean().ShouldBeTrue();
    }

    /// <summary>Every way SPEC §4 lets a client prove who it is, for <paramref name="user"/>: (form, header, value).</summary>
    private async Task<List<(string Form, string Header, string Value)>> CredentialFormsAsync(TestUser user)
    {
        using var client = fixture.CreateHttpClient("api");
        using var login = await client.PostAsJsonAsync("/api/accounts/login", new { email = user.Email, password = user.Password });
        var session = (await login.DataAsync()).GetProperty("access_token").GetString()!;
        using var token = await client.PostAsync("/api/accounts/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = user.ClientId,
            ["client_secret"] = user.ClientSecret,
        }));
        var jwt = (await token.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("access_token").GetString()!;
        return
        [
            ("session cookie", "Cookie", $"access_token={session}"),
            ("bearer JWT", "Authorization", $"Bearer {jwt}"),
            ("bearer secret", "Authorization", $"Bearer {user.ClientSecret}"),
            ("basic", "Authorization", $"Basic {user.BasicCredentials}"),
            ("raw secret", "Authorization", user.ClientSecret),
        ];
    }

    [Fact]
    public async Task UserScopedReadsOnlyEverShowTheCallersOwnData()
    {
        var a = await fixture.SignUpAsync();
        var b = await fixture.SignUpAsync();
        using var clientA = fixture.ClientFor(a);
        using var clientB = fixture.ClientFor(b);
        var usagePointId = GatewayClient.UniqueUsagePointId();
        await clientA.CreateConsentedPdlAsync(usagePointId);
        var reads = (await ApiSurface.ReadAsync(fixture))
            .Where(o => o.IsProtected && o.Method == "GET" && !o.PathParameters.Any()).ToList();

        foreach (var read in reads)
        {
            using var response = await clientB.GetAsync(read.Path);
            var body = await response.Content.ReadAsStringAsync();
            body.ShouldNotContain(usagePointId, customMessage: read.ToString());
            body.ShouldNotContain(a.Email, customMessage: read.ToString());
            body.ShouldNotContain(a.ClientId, customMessage: read.ToString());
        }
        reads.Select(r => r.Path).ShouldContain("/api/pdl");
        reads.Select(r => r.Path).ShouldContain("/api/accounts/credentials");
    }
}
