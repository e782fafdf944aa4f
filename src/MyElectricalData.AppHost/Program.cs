using MyElectricalData.AppHost;
using MyElectricalData.AppHost.LocalServers;

var builder = DistributedApplication.CreateBuilder(args);
var dotEnv = builder.AddDotEnv();

// PostgreSQL and Redis: local processes in run mode (no container engine needed), Aspire's containers in the manifest,
// or the servers named by ConnectionStrings__postgres / ConnectionStrings__redis.
var database = builder.AddPostgresDatabase("postgres", "myelectricaldata");
var redis = builder.AddRedisCache("redis");
var secretKey = builder.AddGeneratedParameter("secret-key", "SECRET_KEY", minLength: 48);

var migrations = builder.AddProject<Projects.MyElectricalData_MigrationService>("migrations")
    .WithReference(database)
    .WaitFor(database);

var api = builder.AddProject<Projects.MyElectricalData_Api>("api")
    .WithClientAddressesSeen()
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(database)
    .WithReference(redis)
    .WithEnvironment("SECRET_KEY", secretKey)
    .WaitFor(redis)
    .WaitForCompletion(migrations);

// Mail with links (verification, password reset): a real SMTP server when deployed. Locally, unless SMTP_HOST is set,
// the API writes each message to .apphost/mail/ (git-ignored; the throw-away folder of an ephemeral run) and logs
// only that it did: links never reach logs.
if (builder.ExecutionContext.IsPublishMode)
{
    api.WithEnvironment("SMTP_HOST", builder.AddParameterFromConfiguration("smtp-host", "SMTP_HOST"))
        .WithEnvironment("SMTP_USERNAME", builder.AddParameterFromConfiguration("smtp-username", "SMTP_USERNAME"))
        .WithEnvironment("SMTP_PASSWORD", builder.AddParameterFromConfiguration("smtp-password", "SMTP_PASSWORD", secret: true));
}
else if (string.IsNullOrEmpty(builder.Configuration["SMTP_HOST"]))
{
    api.WithEnvironment("SMTP_PICKUP_DIRECTORY", builder.Configuration["SMTP_PICKUP_DIRECTORY"] is { Length: > 0 } pickup
        ? pickup
        : builder.LocalDirectory("mail"));
}

var worker = builder.AddProject<Projects.MyElectricalData_Worker>("worker")
    .WithHttpHealthCheck("/health")
    .WithReference(database)
    .WithReference(redis)
    .WithEnvironment("SECRET_KEY", secretKey)
    .WaitFor(redis)
    .WaitForCompletion(migrations);

// Enedis: real credentials when configured (and always in a deployment), otherwise the local sandbox.
if (builder.ExecutionContext.IsPublishMode || !string.IsNullOrEmpty(builder.Configuration["ENEDIS_CLIENT_ID"]))
{
    var clientId = builder.AddParameterFromConfiguration("enedis-client-id", "ENEDIS_CLIENT_ID");
    var clientSecret = builder.AddParameterFromConfiguration("enedis-client-secret", "ENEDIS_CLIENT_SECRET", secret: true);
    foreach (var service in new[] { api, worker })
    {
        service.WithEnvironment("ENEDIS_CLIENT_ID", clientId).WithEnvironment("ENEDIS_CLIENT_SECRET", clientSecret);
    }
}
else
{
    var sandbox = builder.AddProject<Projects.MyElectricalData_EnedisSandbox>("enedis-sandbox")
        .WithHttpHealthCheck("/health");
    foreach (var service in new[] { api, worker })
    {
        service.WithReference(sandbox).WaitFor(sandbox)
            .WithEnvironment("ENEDIS_ENVIRONMENT", "simulator")
            .WithEnvironment("ENEDIS_CLIENT_ID", "sandbox-client")
            .WithEnvironment("ENEDIS_CLIENT_SECRET", "sandbox-secret");
    }
}

// The services' own settings given to the AppHost (.env, --NAME=value, the shell's environment) reach them.
builder.ForwardServiceSettings(dotEnv, args, migrations, api, worker);
builder.ConfigureServiceTelemetry();

if (builder.ExecutionContext.IsRunMode)
{
    builder.Services.AddHostedService<ConsoleSummary>();
}

builder.Build().Run();
