var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres").WithDataVolume();
var database = postgres.AddDatabase("myelectricaldata");
var redis = builder.AddRedis("redis").WithDataVolume();
var secretKey = builder.AddGeneratedParameter("secret-key", "SECRET_KEY", minLength: 48);

var migrations = builder.AddProject<Projects.MyElectricalData_MigrationService>("migrations")
    .WithReference(database)
    .WaitFor(database);

var api = builder.AddProject<Projects.MyElectricalData_Api>("api")
    .WithHttpEndpoint(port: 5080)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(database)
    .WithReference(redis)
    .WithEnvironment("SECRET_KEY", secretKey)
    .WaitFor(redis)
    .WaitForCompletion(migrations);

var worker = builder.AddProject<Projects.MyElectricalData_Worker>("worker")
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReference(database)
    .WithReference(redis)
    .WithEnvironment("SECRET_KEY", secretKey)
    .WaitFor(redis)
    .WaitForCompletion(migrations);

// Enedis: real credentials when configured (and always in a deployment), otherwise the local sandbox.
if (builder.IsPublishMode || !string.IsNullOrEmpty(builder.Configuration["ENEDIS_CLIENT_ID"]))
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
        .WithHttpEndpoint()
        .WithHttpHealthCheck("/health");
    foreach (var service in new[] { api, worker })
    {
        service.WithReference(sandbox).WaitFor(sandbox)
            .WithEnvironment("ENEDIS_ENVIRONMENT", "simulator")
            .WithEnvironment("ENEDIS_CLIENT_ID", "sandbox-client")
            .WithEnvironment("ENEDIS_CLIENT_SECRET", "sandbox-secret");
    }
}

builder.Build().Run();
