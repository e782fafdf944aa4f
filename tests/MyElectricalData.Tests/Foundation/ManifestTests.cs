using System.Diagnostics;
using MyElectricalData.Tests.Harness;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Schema;

namespace MyElectricalData.Tests.Foundation;

/// <summary>The deployment manifest azd reads, written by Aspire's own publisher from the AppHost's Program.cs.</summary>
public sealed class ManifestTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    [Fact]
    public async Task PublisherCommandWritesAManifestThatValidatesAgainstTheAspireSchema()
    {
        var manifest = JObject.Parse(await PublishAsync(Path.Combine(Directory.CreateTempSubdirectory("manifest-").FullName, "m.json")));

        var schema = JSchema.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Foundation", "aspire-8.0.schema.json")));
        manifest.IsValid(schema, out IList<string> errors).ShouldBeTrue(string.Join("\n", errors));
        var resources = (JObject)manifest["resources"]!;
        resources["postgres"]!["type"]!.ToString().ShouldBe("container.v0");
        resources["redis"]!["type"]!.ToString().ShouldBe("container.v0");
        resources["myelectricaldata"]!["type"]!.ToString().ShouldBe("value.v0");
        foreach (var project in new[] { "api", "worker", "migrations" })
        {
            resources[project]!["type"]!.ToString().ShouldBe("project.v0");
        }
        resources["postgres-password"]!["type"]!.ToString().ShouldBe("parameter.v0");
        resources["api"]!["bindings"]!["http"]!["external"]!.Value<bool>().ShouldBeTrue();
        resources["enedis-client-secret"]!["inputs"]!["value"]!["secret"]!.Value<bool>().ShouldBeTrue();
        resources["secret-key"]!["inputs"]!["value"]!["secret"]!.Value<bool>().ShouldBeTrue();
        resources.ContainsKey("enedis-sandbox").ShouldBeFalse("a deployment talks to the real Enedis");
    }

    [Fact]
    public async Task CommittedManifestIsExactlyWhatThePublisherWrites()
    {
        // Beside the committed one: the projects' paths in a manifest are relative to its folder.
        var fresh = await PublishAsync(Path.Combine(RepositoryRoot, $".aspire-manifest.{Guid.NewGuid():N}.json"));

        File.ReadAllText(Path.Combine(RepositoryRoot, "aspire-manifest.json")).ShouldBe(fresh,
            "regenerate it: dotnet run --project src/MyElectricalData.AppHost -- --publisher manifest --output-path ../../aspire-manifest.json");
    }

    [Fact]
    public async Task ManifestHoldsNoSecretValue()
    {
        var manifest = await PublishAsync(Path.Combine(Directory.CreateTempSubdirectory("manifest-").FullName, "m.json"));

        manifest.ShouldContain("{postgres-password.value}");
        manifest.ShouldContain("{secret-key.value}");
        manifest.ShouldNotContain("password=\"", Case.Insensitive);
    }

    [Fact]
    public async Task AppHostDeclaresItselfAnAspireHostForAzd()
    {
        var project = Path.Combine(RepositoryRoot, "src", "MyElectricalData.AppHost", "MyElectricalData.AppHost.csproj");

        var (exitCode, output) = await RunAsync("dotnet", "msbuild", project, "--getProperty:IsAspireHost");

        exitCode.ShouldBe(0, output);
        output.Trim().ShouldBe("true");
    }

    /// <summary>Runs the built AppHost as azd does (<c>--publisher manifest</c>) and returns the file it wrote, then deletes it.</summary>
    private static async Task<string> PublishAsync(string output)
    {
        var appHost = AppHostBinary.Path;
        try
        {
            var (exitCode, log) = await RunAsync("dotnet", appHost, "--publisher", "manifest", "--output-path", output);
            exitCode.ShouldBe(0, log);
            return await File.ReadAllTextAsync(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MyElectricalData.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("MyElectricalData.sln not found above " + AppContext.BaseDirectory);
    }
}
