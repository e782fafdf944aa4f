using Npgsql;

namespace MyElectricalData.Tests.Harness;

/// <summary>Direct SQL on the gateway's database, for arranging and checking what the API cannot show.</summary>
public sealed class Database(NpgsqlConnection connection) : IAsyncDisposable
{
    public static async Task<Database> OpenAsync(AppHostFixture fixture)
    {
        var connection = new NpgsqlConnection(fixture.ConnectionString("myelectricaldata"));
        await connection.OpenAsync();
        return new Database(connection);
    }

    public async Task<int> ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = Command(sql, parameters);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public async Task<List<string>> ColumnAsync(string sql, params object[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? "" : reader.GetValue(0).ToString()!);
        }
        return values;
    }

    private NpgsqlCommand Command(string sql, object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", parameters[i]);
        }
        return command;
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
