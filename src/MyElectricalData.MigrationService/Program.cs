using MyElectricalData.Data.Database;
using MyElectricalData.MigrationService;
using MyElectricalData.ServiceDefaults;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayDatabase();
builder.Services.AddHostedService<MigrationRunner>();

await builder.Build().RunAsync();
