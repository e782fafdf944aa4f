using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MyElectricalData.Data.Accounts;

namespace MyElectricalData.Tests.Features.Accounts;

/// <summary>SECRET_KEY is read and validated in one place for the API and the worker, which must agree on it.</summary>
public sealed class SecretKeyRegistrationTests
{
    private const string GoodKey = "k3Yq9vXz2LmN8pR4tW6sB1cD5fG7hJ0aE+uI/oP==";

    [Theory]
    [InlineData("", "SECRET_KEY must be set to at least 32 random bytes (e.g. openssl rand -base64 48).")]
    [InlineData("short-key", "SECRET_KEY must be set to at least 32 random bytes (e.g. openssl rand -base64 48).")]
    [InlineData("abababababababababababababababababababab", "SECRET_KEY is too weak: use random bytes (e.g. openssl rand -base64 48).")]
    public void AMissingShortOrWeakKeyIsRefusedAtStart(string secretKey, string message)
    {
        using var host = Host(secretKey, Environments.Production, generateOutsideProduction: true);

        var error = Should.Throw<OptionsValidationException>(() => host.Services.GetRequiredService<SecretProtector>());

        error.Failures.ShouldContain(message);
    }

    [Fact]
    public void TheKeyGivenProtectsSecretsTheSameWayInEveryService()
    {
        using var api = Host(GoodKey, Environments.Development, generateOutsideProduction: true);
        using var worker = Host(GoodKey, Environments.Production, generateOutsideProduction: false);
        var userId = Guid.NewGuid();

        var sealedByApi = api.Services.GetRequiredService<SecretProtector>().Encrypt("the-secret", userId);

        worker.Services.GetRequiredService<SecretProtector>().Decrypt(sealedByApi, userId).ShouldBe("the-secret");
        api.Services.GetRequiredService<IOptions<SecretKeyOptions>>().Value.SecretKey.ShouldBe(GoodKey);
    }

    [Fact]
    public void OnlyTheApiOutsideProductionStandsInARandomKeyForAMissingOne()
    {
        using var apiInDevelopment = Host(null, Environments.Development, generateOutsideProduction: true);
        using var workerInDevelopment = Host(null, Environments.Development, generateOutsideProduction: false);

        apiInDevelopment.Services.GetRequiredService<IOptions<SecretKeyOptions>>().Value.SecretKey.Length.ShouldBeGreaterThanOrEqualTo(32);
        Should.Throw<OptionsValidationException>(() => workerInDevelopment.Services.GetRequiredService<SecretProtector>());
    }

    private static IHost Host(string? secretKey, string environment, bool generateOutsideProduction)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = environment,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["SECRET_KEY"] = secretKey });
        builder.AddSecretProtector(generateOutsideProduction);
        return builder.Build();
    }
}
