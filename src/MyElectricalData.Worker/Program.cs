using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;
using MyElectricalData.Data.Redis;
using MyElectricalData.Enedis;
using MyElectricalData.MeterData;
using MyElectricalData.ServiceDefaults;
using MyElectricalData.Worker.Heartbeat;
using MyElectricalData.Worker.Prewarm;
using MyElectricalData.Worker.Tokens;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayDatabase();
builder.AddGatewayRedis();
builder.AddSecretProtector();
builder.AddEnedisProvider();
builder.AddMeterData();
builder.AddHeartbeat();
builder.AddTokenKeeper();
builder.AddPrewarm();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
