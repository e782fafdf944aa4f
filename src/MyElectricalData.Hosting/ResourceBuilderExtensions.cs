namespace MyElectricalData.Hosting;

/// <summary>The Aspire-style verbs an AppHost's Program.cs uses.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>A value read from configuration <c>Parameters:name</c> when the application runs.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this DistributedApplicationBuilder builder, string name, bool secret = false) =>
        builder.AddResource(new ParameterResource(name, secret, generatedMinLength: null));

    /// <summary>A value read from the configuration key of your choice (e.g. an environment variable) when the application runs.</summary>
    public static IResourceBuilder<ParameterResource> AddParameterFromConfiguration(this DistributedApplicationBuilder builder, string name, string configurationKey, bool secret = false) =>
        builder.AddResource(new ParameterResource(name, secret, generatedMinLength: null) { ConfigurationKey = configurationKey });

    public static IResourceBuilder<PostgresServerResource> AddPostgres(this DistributedApplicationBuilder builder, string name)
    {
        var password = new ParameterResource($"{name}-password", secret: true, generatedMinLength: 22);
        var server = builder.AddResource(new PostgresServerResource(name, password)
        {
            ExistingConnectionString = builder.Configuration.GetConnectionStringOrNull(name),
        });
        builder.AddResource(password);
        return server;
    }

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> server, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases.Add(database);
        database.WaitsFor.Add(new ResourceDependency(server.Resource, WaitCondition.Healthy));
        return server.ApplicationBuilder.AddResource(database);
    }

    public static IResourceBuilder<RedisResource> AddRedis(this DistributedApplicationBuilder builder, string name)
    {
        var password = new ParameterResource($"{name}-password", secret: true, generatedMinLength: 22, allowSpecial: false);
        var redis = builder.AddResource(new RedisResource(name, password)
        {
            ExistingConnectionString = builder.Configuration.GetConnectionStringOrNull(name),
        });
        builder.AddResource(password);
        return redis;
    }

    public static IResourceBuilder<PostgresServerResource> WithDataVolume(this IResourceBuilder<PostgresServerResource> builder)
    {
        builder.Resource.HasDataVolume = true;
        return builder;
    }

    public static IResourceBuilder<RedisResource> WithDataVolume(this IResourceBuilder<RedisResource> builder)
    {
        builder.Resource.HasDataVolume = true;
        return builder;
    }

    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this DistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddResource(new ProjectResource(name, new TProject()));

    public static IResourceBuilder<ProjectResource> WithHttpEndpoint(this IResourceBuilder<ProjectResource> builder, int? port = null, string name = "http")
    {
        builder.Resource.Endpoints.Add(new EndpointAnnotation(name, port));
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithExternalHttpEndpoints(this IResourceBuilder<ProjectResource> builder)
    {
        foreach (var endpoint in builder.Resource.Endpoints)
        {
            endpoint.IsExternal = true;
        }
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithHttpHealthCheck(this IResourceBuilder<ProjectResource> builder, string path = "/health")
    {
        builder.Resource.HealthCheckPath = path;
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithReference<T>(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<T> source)
        where T : Resource
    {
        if (source.Resource is not (IResourceWithConnectionString or ProjectResource))
        {
            throw new ArgumentException($"{source.Resource} has neither a connection string nor endpoints to reference.", nameof(source));
        }
        builder.Resource.References.Add(source.Resource);
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> builder, string name, string value)
    {
        builder.Resource.Environment[name] = EnvironmentValue.Of(value);
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> builder, string name, IResourceBuilder<ParameterResource> parameter)
    {
        builder.Resource.Environment[name] = EnvironmentValue.Of(parameter.Resource);
        return builder;
    }

    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency) where T : Resource
    {
        builder.Resource.WaitsFor.Add(new ResourceDependency(dependency.Resource, WaitCondition.Healthy));
        return builder;
    }

    public static IResourceBuilder<T> WaitForCompletion<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency) where T : Resource
    {
        builder.Resource.WaitsFor.Add(new ResourceDependency(dependency.Resource, WaitCondition.Completed));
        return builder;
    }

    private static string? GetConnectionStringOrNull(this Microsoft.Extensions.Configuration.IConfiguration configuration, string name) =>
        configuration[$"ConnectionStrings:{name}"] is { Length: > 0 } value ? value : null;
}
