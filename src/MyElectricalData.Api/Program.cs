using MyElectricalData.Api.Features.Accounts;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Features.Consent;
using MyElectricalData.Api.Features.MeterData;
using MyElectricalData.Api.Features.Quotas;
using MyElectricalData.Api.Features.Web;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;
using MyElectricalData.Data.Redis;
using MyElectricalData.Enedis;
using MyElectricalData.MeterData;
using MyElectricalData.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayDatabase();
builder.AddGatewayRedis();
builder.AddEnedisProvider();
builder.AddMeterData();
builder.AddApiInfrastructure();
builder.AddEmail();
builder.AddGatewayAuthentication();
builder.AddAccounts();
builder.AddQuotas();
builder.AddConsent();
builder.AddMeterReads();
builder.AddApiEndpoints();
builder.AddWebPages();

var app = builder.Build();

app.UseApiInfrastructure();
app.UseAuthentication();
app.UseAuthorization();
app.UseDemoReadOnly();

app.MapDefaultEndpoints();
app.MapApiEndpoints();
app.MapWebPages();

app.Run();
