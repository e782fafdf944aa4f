using System.Diagnostics;
using MyElectricalData.Hosting.Publishing;
using MyElectricalData.Tests.Harness;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Schema;

namespace MyElectricalData.Tests.Foundation;

public sealed class ManifestTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    private static void PublishMode(MyElectricalData.Hosting.DistributedApplicationOptions options) =>
        options.Args = ["--publisher", "manifest"];

    [Fact]
    public async Task PublisherCommandWritesAManifestThatValidatesAgainstTheAspireSchema()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("manifest-").FullName, "m.json");
        var appHost = typeof(Projects.MyElectricalData_AppHost).Assembly.Location;

        var (exitCode, log) = await RunAsync("dotnet", appHost, "--publisher", "manifest", "--output-path", output);

        exitCode.ShouldBe(0, log);
        var manifest = JObject.Parse(await File.ReadAllTextAsync(output));
        var schema = JSchema.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Foundation", "aspire-8.0.schema.json")));
        manifest.IsValid(schema, out IList<string> errors).ShouldBeTrue(string.Join("\n", errors));
        var resources = (JObject)manifest["resources"]!;
        resources["postgres"]!["type"]!.ToString().ShouldBe("container.v0");
        resources["redis"]!["type"]!.ToString().ShouldBe("container.v0");
        resources["myelectricaldata"]!["type"]!.ToString().ShouldBe("value.v0");
        resources["postgres-password"]!["type"]!.ToString().ShouldBe("parameter.v0");
        resources["api"]!["bindings"]!["http"]!["external"]!.Value<bool>().ShouldBeTrue();
        resources["enedis-client-secret"]!["inputs"]!["value"]!["secret"]!.Value<bool>().ShouldBeTrue();
        resources.ContainsKey("enedis-sandbox").ShouldBeFalse("a deployment talks to the real Enedis");
        var apiPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(output)!, resources["api"]!["path"]!.ToString()));
        File.Exists(apiPath).ShouldBeTrue($"the api path must resolve relative to the manifest: {apiPath}");
    }

    [Fact]
    public void CommittedManifestIsExactlyWhatThePublisherWrites()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Projects.MyElectricalData_AppHost>(PublishMode);

        var fresh = ManifestPublisher.Write(builder.Resources, RepositoryRoot);

        File.ReadAllText(Path.Combine(RepositoryRoot, "aspire-manifest.json")).ShouldBe(fresh,
            "regenerate it: dotnet run --project src/MyElectricalData.AppHost -- --publisher manifest --output-path aspire-manifest.json");
    }

    [Fact]
    public void ManifestHoldsNoSecretValue()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Projects.MyElectricalData_AppHost>(PublishMode);

        var manifest = ManifestPublisher.Write(builder.Resources, RepositoryRoot);

        manifest.ShouldContain("{postgres-password.value}");
        manifest.ShouldNotContain("Password=" + "\"");
        builder.Resources.OfType<MyElectricalData.Hosting.ParameterResource>().ShouldAllBe(p => p.Value == null);
    }

    [Fact]
    public async Task AppHostDeclaresItselfAnAspireHostForAzd()
    {
        var project = Path.Combine(RepositoryRoot, "src", "MyElectricalData.AppHost", "MyElectricalData.AppHost.csproj");

        var (exitCode, output) = await RunAsync("dotnet", "msbuild", project, "--getProperty:IsAspireHost");

        exitCode.ShouldBe(0, output);
        output.Trim().ShouldBe("true");
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
