using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MyElectricalData.Hosting.Dashboard.Otlp;

namespace MyElectricalData.Hosting.Dashboard;

/// <summary>
/// OTLP/HTTP with protobuf bodies, as the .NET exporter sends with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>:
/// <c>POST /v1/traces</c>, <c>/v1/logs</c>, <c>/v1/metrics</c>. A bad request is answered 4xx and dropped; it
/// never reaches the store half-read, and nothing a sender does can take the AppHost down.
/// </summary>
internal static class OtlpReceiver
{
    private const string Protobuf = "application/x-protobuf";

    public static void MapOtlp(this IEndpointRouteBuilder routes, TelemetryStore store, DashboardOptions options)
    {
        // Typed as Func so that they are route handlers whose IResult is written, not RequestDelegates.
        routes.MapPost("/v1/traces", (Func<HttpContext, Task<IResult>>)(http =>
            ReceiveAsync(http, options, ExportTraceServiceRequest.Parser, store.Add, new ExportTraceServiceResponse())));
        routes.MapPost("/v1/logs", (Func<HttpContext, Task<IResult>>)(http =>
            ReceiveAsync(http, options, ExportLogsServiceRequest.Parser, store.Add, new ExportLogsServiceResponse())));
        routes.MapPost("/v1/metrics", (Func<HttpContext, Task<IResult>>)(http =>
            ReceiveAsync(http, options, ExportMetricsServiceRequest.Parser, store.Add, new ExportMetricsServiceResponse())));
    }

    private static async Task<IResult> ReceiveAsync<TRequest>(HttpContext http, DashboardOptions options,
        MessageParser<TRequest> parser, Action<TRequest> store, IMessage response)
        where TRequest : IMessage<TRequest>
    {
        var request = http.Request;
        // OTLP/JSON encodes ids as hex where protobuf's JSON mapping expects base64: not worth a second decoder here.
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), Protobuf, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Text($"Only {Protobuf} (OTLP/HTTP protobuf) is accepted.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        if (request.ContentLength > options.MaxRequestBytes)
        {
            return TooLarge(options);
        }
        byte[] body;
        try
        {
            var encoding = request.Headers.ContentEncoding.ToString();
            switch (encoding)
            {
                case "" or "identity":
                    body = await ReadAtMostAsync(request.Body, options.MaxRequestBytes, http.RequestAborted);
                    break;
                case "gzip":
                    // Bounded after decompression too, so a small gzip bomb is refused like a large body.
                    await using (var gzip = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true))
                    {
                        body = await ReadAtMostAsync(gzip, options.MaxRequestBytes, http.RequestAborted);
                    }
                    break;
                default:
                    return Results.Text($"Unsupported Content-Encoding '{encoding}'.", statusCode: StatusCodes.Status415UnsupportedMediaType);
            }
        }
        catch (Exception e) when (e is PayloadTooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return TooLarge(options);
        }
        catch (InvalidDataException)
        {
            return Results.Text("The gzip body is corrupt.", statusCode: StatusCodes.Status400BadRequest);
        }

        TRequest message;
        try
        {
            message = parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException e)
        {
            return Results.Text($"Not an OTLP protobuf message: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
        }
        store(message);
        return Results.Bytes(response.ToByteArray(), Protobuf);
    }

    private static IResult TooLarge(DashboardOptions options) =>
        Results.Text($"The body exceeds {options.MaxRequestBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);

    private static async Task<byte[]> ReadAtMostAsync(Stream source, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new PayloadTooLargeException();
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private sealed class PayloadTooLargeException : Exception;
}
