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

    /// <summary>
    /// Every route of the API, /api and legacy alike, as FastEndpoints.Swagger documents it: each path parameter declared,
    /// the data routes' query parameters, a success and at least one error response, an operation id and a summary.
    /// </summary>
    [Fact]
    public async Task EveryRouteDocumentsItsParametersAndItsSuccessAndErrorResponses()
    {
        var operations = await ApiSurface.ReadAsync(fixture);
        operations.Count.ShouldBeGreaterThan(80);

        foreach (var operation in operations)
        {
            var parameters = operation.Operation.TryGetProperty("parameters", out var declared)
                ? declared.EnumerateArray().Select(p => (Name: p.GetProperty("name").GetString(), In: p.GetProperty("in").GetString())).ToList()
                : [];
            foreach (var name in operation.PathParameters)
            {
                parameters.ShouldContain((name, "path"), operation.ToString());
            }
            var responses = operation.Operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            responses.ShouldContain(r => r.StartsWith('2'), operation.ToString());
            responses.ShouldContain(r => r.StartsWith('4'), operation.ToString());
            operation.Operation.GetProperty("operationId").GetString().ShouldNotBeNullOrWhiteSpace(operation.ToString());
            operation.Operation.GetProperty("summary").GetString().ShouldNotBeNullOrWhiteSpace(operation.ToString());
        }
        // The /api meter readings take their range and the cache switch in the query.
        foreach (var reading in operations.Where(o => o.Path.StartsWith("/api/enedis/", StringComparison.Ordinal) && o.Path.Contains("/daily/", StringComparison.Ordinal)))
        {
            reading.QueryParameters.ShouldBe(["start", "end", "use_cache"], ignoreOrder: true, reading.ToString());
        }
        // A route whose only input is its path has no request body to document.
        operations.Single(o => o.ToString() == "DELETE /api/enedis/cache/{usage_point_id}").HasBody.ShouldBeFalse();
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
