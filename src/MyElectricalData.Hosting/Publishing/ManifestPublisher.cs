using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MyElectricalData.Hosting.Publishing;

/// <summary>
/// Writes the Aspire deployment manifest (schema aspire-8.0) that <c>azd</c> reads: servers as official
/// container images with generated passwords, databases as values, projects with paths relative to the
/// manifest. The output depends only on the model (no machine paths, no secrets), so it can be committed.
/// </summary>
public static class ManifestPublisher
{
    public static string Write(IEnumerable<Resource> resources, string manifestDirectory)
    {
        var list = resources.ToList();
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/aspire-8.0.json");
            json.WriteStartObject("resources");
            // Parameters last, as Aspire writes them.
            foreach (var resource in list.Where(r => r is not ParameterResource).Concat(list.OfType<ParameterResource>()))
            {
                json.WriteStartObject(resource.Name);
                switch (resource)
                {
                    case PostgresServerResource postgres:
                        WritePostgres(json, postgres);
                        break;
                    case PostgresDatabaseResource database:
                        json.WriteString("type", "value.v0");
                        json.WriteString("connectionString", database.ConnectionStringExpression);
                        break;
                    case RedisResource redis:
                        WriteRedis(json, redis);
                        break;
                    case ProjectResource project:
                        WriteProject(json, project, manifestDirectory);
                        break;
                    case ParameterResource parameter:
                        WriteParameter(json, parameter);
                        break;
                    default:
                        throw new NotSupportedException($"{resource} has no manifest form.");
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WritePostgres(Utf8JsonWriter json, PostgresServerResource postgres)
    {
        json.WriteString("type", "container.v0");
        json.WriteString("connectionString", postgres.ConnectionStringExpression);
        json.WriteString("image", $"{PostgresServerResource.Image}:{PostgresServerResource.ImageTag}");
        if (postgres.HasDataVolume)
        {
            WriteVolume(json, postgres.Name, "/var/lib/postgresql/data");
        }
        json.WriteStartObject("env");
        json.WriteString("POSTGRES_HOST_AUTH_METHOD", "scram-sha-256");
        json.WriteString("POSTGRES_INITDB_ARGS", "--auth-host=scram-sha-256 --auth-local=scram-sha-256");
        json.WriteString("POSTGRES_USER", "postgres");
        json.WriteString("POSTGRES_PASSWORD", $"{{{postgres.Password.Name}.value}}");
        json.WriteEndObject();
        WriteTcpBinding(json, "tcp", 5432);
    }

    private static void WriteRedis(Utf8JsonWriter json, RedisResource redis)
    {
        json.WriteString("type", "container.v0");
        json.WriteString("connectionString", redis.ConnectionStringExpression);
        json.WriteString("image", $"{RedisResource.Image}:{RedisResource.ImageTag}");
        json.WriteString("entrypoint", "/bin/sh");
        json.WriteStartArray("args");
        json.WriteStringValue("-c");
        json.WriteStringValue(redis.HasDataVolume
            ? "redis-server --requirepass $REDIS_PASSWORD --save 60 1"
            : "redis-server --requirepass $REDIS_PASSWORD");
        json.WriteEndArray();
        if (redis.HasDataVolume)
        {
            WriteVolume(json, redis.Name, "/data");
        }
        json.WriteStartObject("env");
        json.WriteString("REDIS_PASSWORD", $"{{{redis.Password.Name}.value}}");
        json.WriteEndObject();
        WriteTcpBinding(json, "redis", 6379);
    }

    private static void WriteProject(Utf8JsonWriter json, ProjectResource project, string manifestDirectory)
    {
        json.WriteString("type", "project.v0");
        json.WriteString("path", Path.GetRelativePath(manifestDirectory, project.Metadata.ProjectPath).Replace('\\', '/'));
        json.WriteStartObject("env");
        json.WriteString("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory");
        if (project.GetEndpoint("http") is not null)
        {
            json.WriteString("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true");
            json.WriteString("HTTP_PORTS", $"{{{project.Name}.bindings.http.targetPort}}");
        }
        foreach (var reference in project.References)
        {
            switch (reference)
            {
                case IResourceWithConnectionString:
                    json.WriteString($"ConnectionStrings__{reference.Name}", $"{{{reference.Name}.connectionString}}");
                    break;
                case ProjectResource target:
                    foreach (var endpoint in target.Endpoints)
                    {
                        json.WriteString($"services__{target.Name}__{endpoint.Name}__0", $"{{{target.Name}.bindings.{endpoint.Name}.url}}");
                    }
                    break;
                default:
                    break;
            }
        }
        foreach (var (name, value) in project.Environment)
        {
            json.WriteString(name, value.ManifestExpression);
        }
        json.WriteEndObject();
        if (project.Endpoints.Count > 0)
        {
            json.WriteStartObject("bindings");
            foreach (var endpoint in project.Endpoints)
            {
                json.WriteStartObject(endpoint.Name);
                json.WriteString("scheme", "http");
                json.WriteString("protocol", "tcp");
                json.WriteString("transport", "http");
                if (endpoint.IsExternal)
                {
                    json.WriteBoolean("external", true);
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
    }

    private static void WriteParameter(Utf8JsonWriter json, ParameterResource parameter)
    {
        json.WriteString("type", "parameter.v0");
        json.WriteString("value", $"{{{parameter.Name}.inputs.value}}");
        json.WriteStartObject("inputs");
        json.WriteStartObject("value");
        json.WriteString("type", "string");
        if (parameter.Secret)
        {
            json.WriteBoolean("secret", true);
        }
        if (parameter.GeneratedMinLength is { } minLength)
        {
            json.WriteStartObject("default");
            json.WriteStartObject("generate");
            json.WriteNumber("minLength", minLength);
            if (!parameter.AllowSpecialCharacters)
            {
                json.WriteBoolean("special", false);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteVolume(Utf8JsonWriter json, string resource, string target)
    {
        json.WriteStartArray("volumes");
        json.WriteStartObject();
        // Stable across machines (Aspire hashes the AppHost path; a committed manifest cannot).
        json.WriteString("name", $"myelectricaldata-{resource}-data");
        json.WriteString("target", target);
        json.WriteBoolean("readOnly", false);
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteTcpBinding(Utf8JsonWriter json, string scheme, int targetPort)
    {
        json.WriteStartObject("bindings");
        json.WriteStartObject("tcp");
        json.WriteString("scheme", scheme);
        json.WriteString("protocol", "tcp");
        json.WriteString("transport", "tcp");
        json.WriteNumber("targetPort", targetPort);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
