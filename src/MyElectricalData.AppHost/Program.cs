var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres").WithDataVolume();
var database = postgres.AddDatabase("myelectricaldata");
var redis = builder.AddRedis("redis").WithDataVolume();

var migrations = builder.AddProject<Projects.MyElectricalData_MigrationService>("migrations")
    .WithReference(database)
    .WaitFor(database);

builder.AddProject<Projects.MyElectricalData_Api>("api")
    .WithHttpEndpoint(port: 5080)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(database)
    .WithReference(redis)
    .WaitFor(redis)
    .WaitForCompletion(migrations);

builder.AddProject<Projects.MyElectricalData_Worker>("worker")
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReference(database)
    .WithReference(redis)
    .WaitFor(redis)
    .WaitForCompletion(migrations);

builder.Build().Run();
