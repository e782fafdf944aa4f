using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Features.Security;

[Collection(AppHostCollection.Name)]
public sealed class OpenApiDocumentTests(AppHostFixture fixture)
{
    [Fact]
    public async Task EveryApiOperationIsDocumentedWithItsResponsesAndAuthentication()
    {
        var operations = (await ApiSurface.ReadAsync(fixture)).Where(o => o.Path.StartsWith("/api", StringComparison.Ordinal)).ToList();
        var anonymous = new[] { "/api/accounts/signup", "/api/accounts/login", "/api/accounts/logout", "/api/accounts/token",
            "/api/accounts/forgot-password", "/api/accounts/reset-password", "/api/accounts/verify-email", "/api/oauth/callback" };

        foreach (var operation in operations)
        {
            operation.Operation.TryGetProperty("operationId", out _).ShouldBeTrue(operation.ToString());
            operation.Operation.TryGetProperty("summary", out _).ShouldBeTrue(operation.ToString());
            var responses = operation.Operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            responses.ShouldContain(r => r.StartsWith('2'), operation.ToString());
            operation.IsProtected.ShouldBe(!anonymous.Contains(operation.Path), operation.ToString());
            if (operation.IsProtected)
            {
                responses.ShouldContain("401", operation.ToString());
            }
        }
    }

    [Fact]
    public async Task TheDocumentOffersClientCredentialsAgainstTheTokenEndpoint()
    {
        using var client = fixture.CreateHttpClient("api");

        var document = await client.GetStringAsync("/openapi/v1.json");

        document.ShouldContain("\"clientCredentials\"");
        document.ShouldContain("/api/accounts/token");
    }
}
