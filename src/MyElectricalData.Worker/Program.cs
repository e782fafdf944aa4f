using MyElectricalData.Data.Database;
using MyElectricalData.Data.Redis;
using MyElectricalData.Enedis;
using MyElectricalData.ServiceDefaults;
using MyElectricalData.Worker.Heartbeat;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayDatabase();
builder.AddGatewayRedis();
builder.AddEnedisProvider();
builder.AddHeartbeat();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
