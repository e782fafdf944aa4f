using System.Net;
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
    [Fact]
    public async Task AnotherUserGetsNotFoundOrForbiddenOnEveryScopedRoute()
    {
        var a = await fixture.SignUpAsync();
        var b = await fixture.SignUpAsync();
        using var clientA = fixture.ClientFor(a);
        using var clientB = fixture.ClientFor(b);
        var usagePointId = GatewayClient.UniqueUsagePointId();
        var pdlId = await clientA.CreateConsentedPdlAsync(usagePointId, "A's home");
        var userIdA = (await (await clientA.GetAsync("/api/accounts/me")).DataAsync()).GetProperty("id").GetGuid();
        var operations = (await ApiSurface.ReadAsync(fixture)).Where(o => o.IsProtected && o.PathParameters.Any()).ToList();
        var leaks = new List<string>();

        foreach (var operation in operations)
        {
            var path = operation.Path;
            foreach (var parameter in operation.PathParameters)
            {
                var value = parameter switch
                {
                    "usage_point_id" => usagePointId,
                    "id" when path.StartsWith("/api/pdl", StringComparison.Ordinal) => pdlId.ToString(),
                    _ => userIdA.ToString(),
                };
                path = path.Replace("{" + parameter + "}", value, StringComparison.Ordinal);
            }
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
            if (operation.HasBody)
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }
            using var response = await clientB.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Forbidden) || body.Contains(usagePointId, StringComparison.Ordinal)
                || body.Contains(a.Email, StringComparison.Ordinal))
            {
                leaks.Add($"{operation} -> {(int)response.StatusCode}: {body}");
            }
        }

        operations.Select(o => o.ToString()).ShouldContain("GET /api/pdl/{id}");
        operations.Select(o => o.ToString()).ShouldContain("DELETE /api/admin/users/{id}");
        leaks.ShouldBeEmpty();
        var stillThere = await (await clientA.GetAsync($"/api/pdl/{pdlId}")).DataAsync();
        stillThere.GetProperty("name").GetString().ShouldBe("A's home");
        stillThere.GetProperty("is_active").GetBoolean().ShouldBeTrue();
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
