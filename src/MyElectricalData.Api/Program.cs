using MyElectricalData.Api.OpenApi;
using MyElectricalData.Data.Database;
using MyElectricalData.Data.Redis;
using MyElectricalData.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayDatabase();
builder.AddGatewayRedis();
builder.AddApiDocumentation();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapApiDocumentation();

app.Run();
