using System.Globalization;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MyElectricalData.AppHost.LocalServers;

/// <summary>
/// PostgreSQL and Redis with one call site and three shapes: Aspire's own containers when publishing (the manifest azd
/// reads), the servers named by <c>ConnectionStrings__{name}</c> when set, otherwise local processes that DCP starts,
/// watches and stops, with ports chosen here, generated passwords that never appear in argv or the dashboard, and data
/// under the run's root (<see cref="AppHostSettings.RunRoot"/>). The names are the same in every shape, so the services
/// always receive <c>ConnectionStrings__redis</c> and <c>ConnectionStrings__{database}</c>.
/// </summary>
public static class ServerBuilderExtensions
{
    public static IResourceBuilder<IResourceWithConnectionString> AddRedisCache(this IDistributedApplicationBuilder builder, string name)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return builder.AddRedis(name).WithDataVolume($"myelectricaldata-{name}-data");
        }
        if (builder.Configuration[$"ConnectionStrings:{name}"] is { Length: > 0 } existing)
        {
            return builder.AddExistingServer(name, existing, ServerProbes.RedisAsync);
        }
        var server = ExecutableFinder.Find("redis-server") ?? throw new DistributedApplicationException(
            "redis-server was not found on PATH. Install it (Debian: apt-get install -y redis-server), " +
            $"or set ConnectionStrings__{name} to an existing server.");
        var dataDirectory = Path.Combine(builder.RunRoot(), "data", name);
        var password = builder.AddServerPassword($"{name}-password");
        var redis = new LocalRedisResource(name, server, dataDirectory, password.Resource, AppHostSettings.FreePort());
        var configurationFile = Path.Combine(dataDirectory, "redis.conf");
        var ephemeral = builder.IsEphemeral();
        return builder.AddResource(redis)
            .WithEndpoint(name: "tcp", port: redis.Port, targetPort: redis.Port, isProxied: false)
            .WithArgs(configurationFile)
            .OnBeforeResourceStarted(async (resource, _, cancellationToken) =>
            {
                Directory.CreateDirectory(dataDirectory);
                var configuration = new StringBuilder()
                    .AppendLine(CultureInfo.InvariantCulture, $"port {resource.Port}")
                    .AppendLine("bind 127.0.0.1")
                    .AppendLine("protected-mode yes")
                    .AppendLine(CultureInfo.InvariantCulture, $"requirepass {await resource.Password.GetValueAsync(cancellationToken)}")
                    .AppendLine(CultureInfo.InvariantCulture, $"dir \"{dataDirectory}\"")
                    .AppendLine(ephemeral ? "save \"\"" : "save 60 1")
                    .AppendLine("appendonly no")
                    .AppendLine("daemonize no")
                    .ToString();
                // Written before the file holds the password: never readable by others, even for an instant.
                await using (File.Create(configurationFile))
                {
                }
                File.SetUnixFileMode(configurationFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                await File.WriteAllTextAsync(configurationFile, configuration, cancellationToken);
            })
            .WithServerHealthCheck(ServerProbes.RedisAsync)
            .WithRestartWhenKilled()
            .ExcludeFromManifest()
            .AsConnectionString();
    }

    public static IResourceBuilder<IResourceWithConnectionString> AddPostgresDatabase(this IDistributedApplicationBuilder builder, string serverName, string databaseName)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return builder.AddPostgres(serverName).WithDataVolume($"myelectricaldata-{serverName}-data").AddDatabase(databaseName).AsConnectionString();
        }
        var server = builder.Configuration[$"ConnectionStrings:{serverName}"] is { Length: > 0 } existing
            ? builder.AddExistingServer(serverName, existing, ServerProbes.PostgresAsync)
            : builder.AddLocalPostgres(serverName);
        var database = builder.AddResource(new LocalDatabaseResource(databaseName, databaseName, server.Resource))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new(CustomResourceKnownProperties.Source, serverName)],
            })
            .ExcludeFromManifest();
        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (e, cancellationToken) =>
        {
            var logger = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(database.Resource);
            var connectionString = await server.Resource.GetConnectionStringAsync(cancellationToken);
            await ServerProbes.CreateDatabaseAsync(connectionString!, databaseName, logger, cancellationToken);
            // Nothing in Aspire moves a child resource of ours to Running: WaitFor(database) would wait forever.
            await e.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(database.Resource,
                s => s with { State = KnownResourceStates.Running });
        });
        return database.AsConnectionString();
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddLocalPostgres(this IDistributedApplicationBuilder builder, string name)
    {
        var binaries = PostgresBinaries.Find(builder.Configuration["AppHost:PostgresBinaries"]) ?? throw new DistributedApplicationException(
            "PostgreSQL server binaries (initdb, postgres) were not found on PATH or in /usr/lib/postgresql/*/bin. Install them " +
            $"(Debian: apt-get install -y postgresql), set AppHost__PostgresBinaries, or set ConnectionStrings__{name} to an existing server.");
        var dataDirectory = Path.Combine(builder.RunRoot(), "data", name);
        var password = builder.AddServerPassword($"{name}-password");
        var runAs = PostgresBinaries.ServerUser();
        // setpriv execs postgres itself, so DCP's signals reach the server, not a wrapper.
        var postgres = new LocalPostgresResource(name, runAs is null ? Path.Combine(binaries, "postgres") : "/usr/bin/setpriv",
            dataDirectory, password.Resource, AppHostSettings.FreePort(), binaries);
        var ephemeral = builder.IsEphemeral();
        var passwordChecked = false;
        var resource = builder.AddResource(postgres)
            .WithEndpoint(name: "tcp", port: postgres.Port, targetPort: postgres.Port, isProxied: false)
            .WithArgs(context =>
            {
                if (runAs is not null)
                {
                    context.Args.Add($"--reuid={runAs}");
                    context.Args.Add($"--regid={runAs}");
                    context.Args.Add("--init-groups");
                    context.Args.Add(Path.Combine(binaries, "postgres"));
                }
                foreach (var argument in PostgresBinaries.ServerArguments(dataDirectory, postgres.Port, ephemeral))
                {
                    context.Args.Add(argument);
                }
            })
            .OnBeforeResourceStarted(async (server, e, cancellationToken) =>
            {
                var logger = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
                var secret = await server.Password.GetValueAsync(cancellationToken) ?? "";
                if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
                {
                    await PostgresBinaries.InitializeAsync(server, secret, runAs, logger, cancellationToken);
                }
                else if (!passwordChecked)
                {
                    // A kept cluster follows the password parameter (which may have been regenerated or configured since).
                    await PostgresBinaries.SetPasswordAsync(server, secret, runAs, logger, cancellationToken);
                }
                passwordChecked = true;
            })
            .WithServerHealthCheck(ServerProbes.PostgresAsync)
            .WithRestartWhenKilled()
            .ExcludeFromManifest();
        // DCP stops executables with SIGTERM, PostgreSQL's "smart" shutdown, which waits for pooled connections; DCP kills
        // it 6 s later. A fast shutdown (roll back, checkpoint, exit) as the AppHost stops leaves a clean cluster.
        builder.Services.AddHostedService(services => new PostgresStopper(postgres, runAs, services.GetRequiredService<IHostApplicationLifetime>()));
        return resource.AsConnectionString();
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddExistingServer(this IDistributedApplicationBuilder builder, string name, string connectionString,
        Func<string, CancellationToken, Task<bool>> probe) =>
        builder.AddResource(new ExistingServerResource(name, connectionString))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "ExistingServer",
                State = KnownResourceStates.Running,
                Properties = [new(CustomResourceKnownProperties.Source, $"ConnectionStrings__{name}")],
            })
            .WithServerHealthCheck(probe)
            .ExcludeFromManifest()
            .AsConnectionString();

    private static IResourceBuilder<ParameterResource> AddServerPassword(this IDistributedApplicationBuilder builder, string name) =>
        // Letters and digits only: the value goes into a redis.conf line and a SQL literal.
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: !builder.IsEphemeral());

    private static IResourceBuilder<T> OnBeforeResourceStarted<T>(this IResourceBuilder<T> builder, Func<T, BeforeResourceStartedEvent, CancellationToken, Task> handler)
        where T : IResource
    {
        builder.ApplicationBuilder.Eventing.Subscribe<BeforeResourceStartedEvent>(builder.Resource, (e, cancellationToken) => handler(builder.Resource, e, cancellationToken));
        return builder;
    }

    /// <summary>Healthy when the server answers a real command with this resource's credentials.</summary>
    private static IResourceBuilder<T> WithServerHealthCheck<T>(this IResourceBuilder<T> builder, Func<string, CancellationToken, Task<bool>> probe)
        where T : IResourceWithConnectionString
    {
        var key = $"{builder.Resource.Name}-answers";
        var resource = builder.Resource;
        builder.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(key, async cancellationToken =>
            await resource.GetConnectionStringAsync(cancellationToken) is { } connectionString && await probe(connectionString, cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{resource.Name} does not answer yet"));
        return builder.WithHealthCheck(key);
    }

    /// <summary>A server that dies under the services (killed, crashed) is started again, on the same port with the same password.</summary>
    private static IResourceBuilder<T> WithRestartWhenKilled<T>(this IResourceBuilder<T> builder) where T : ExecutableResource
    {
        // One keeper for every server: AddHostedService keeps a single registration per type.
        builder.ApplicationBuilder.Services.AddHostedService<ServerKeeper>();
        return builder.WithAnnotation(new RestartWhenKilledAnnotation());
    }

    private static IResourceBuilder<IResourceWithConnectionString> AsConnectionString<T>(this IResourceBuilder<T> builder) where T : IResourceWithConnectionString =>
        builder.ApplicationBuilder.CreateResourceBuilder<IResourceWithConnectionString>(builder.Resource);
}
