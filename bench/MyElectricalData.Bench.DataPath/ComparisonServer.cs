using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MyElectricalData.Api.Features.MeterData;
using MyElectricalData.Api.Infrastructure;

namespace MyElectricalData.Bench.DataPath;

/// <summary>
/// The two yardsticks of (a), in the bench process so that the API stays untouched: <c>/bytes</c> writes the
/// API's captured response body as-is (Kestrel's floor), <c>/serialize</c> serializes the same payload, typed
/// as the API types it, with the API's JSON settings, on every request (the floor of any JSON answer).
/// </summary>
public static class ComparisonServer
{
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(byte[] body)
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // As ApiInfrastructure configures the API.
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
            NumberHandling = JsonNumberHandling.Strict,
        };
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        var payload = JsonSerializer.Deserialize<ApiResponse<MeterReadingEnvelope>>(body, json)
            ?? throw new InvalidOperationException("The captured body is not the API's meter reading envelope.");

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/bytes", async (HttpContext http) =>
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.ContentLength = body.Length;
            await http.Response.Body.WriteAsync(body);
        });
        app.MapGet("/serialize", (HttpContext http) => http.Response.WriteAsJsonAsync(payload, json));
        await app.StartAsync();
        return (app, new Uri(app.Urls.First()));
    }
}
