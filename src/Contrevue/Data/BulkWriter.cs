using System.Data.Common;
using System.Text;

namespace Contrevue.Data;

/// <summary>
/// INSERT … ON CONFLICT statements, whose syntax SQLite and PostgreSQL share. Used by imports, where
/// EF's change tracking would make tens of thousands of rows take seconds. On PostgreSQL many rows
/// go in one statement to save round trips; SQLite runs in-process, so one prepared single-row
/// statement is fastest there (it looks parameters up by name, which is slow for long statements).
/// </summary>
internal sealed class BulkWriter(DbConnection connection, DbTransaction transaction, bool multiRowStatements)
{
    private const int MaxParametersPerStatement = 30_000;

    public async Task<int> UpsertAsync(
        string table, string[] columns, string[] keyColumns, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        var updates = columns.Except(keyColumns).Select(c => $"{c} = excluded.{c}").ToArray();
        var conflict = updates.Length == 0
            ? $" ON CONFLICT ({string.Join(", ", keyColumns)}) DO NOTHING"
            : $" ON CONFLICT ({string.Join(", ", keyColumns)}) DO UPDATE SET {string.Join(", ", updates)}";
        return await WriteAsync(table, columns, rows, conflict, cancellationToken);
    }

    public Task<int> InsertAsync(string table, string[] columns, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken) =>
        WriteAsync(table, columns, rows, "", cancellationToken);

    public async Task<int> DeleteWhereKeyInAsync(string table, string keyColumn, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var chunk in keys.Chunk(1000))
        {
            await using var command = NewCommand();
            var names = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                names.Add(AddParameter(command, i, chunk[i]));
            }
            command.CommandText = $"DELETE FROM {table} WHERE {keyColumn} IN ({string.Join(", ", names)})";
            deleted += await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return deleted;
    }

    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = NewCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<List<string>> ReadKeysAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = NewCommand();
        command.CommandText = sql;
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }
        return keys;
    }

    private async Task<int> WriteAsync(
        string table, string[] columns, IReadOnlyList<object?[]> rows, string suffix, CancellationToken cancellationToken)
    {
        if (!multiRowStatements)
        {
            return await WriteOneByOneAsync(table, columns, rows, suffix, cancellationToken);
        }
        var rowsPerStatement = Math.Max(1, MaxParametersPerStatement / columns.Length);
        var written = 0;
        foreach (var chunk in rows.Chunk(rowsPerStatement))
        {
            await using var command = NewCommand();
            var sql = new StringBuilder($"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ");
            var index = 0;
            for (var r = 0; r < chunk.Length; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Length; c++)
                {
                    if (c > 0)
                    {
                        sql.Append(", ");
                    }
                    sql.Append(AddParameter(command, index++, chunk[r][c]));
                }
                sql.Append(')');
            }
            sql.Append(suffix);
            command.CommandText = sql.ToString();
            written += await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return written;
    }

    private async Task<int> WriteOneByOneAsync(
        string table, string[] columns, IReadOnlyList<object?[]> rows, string suffix, CancellationToken cancellationToken)
    {
        await using var command = NewCommand();
        var names = columns.Select((_, i) => AddParameter(command, i, null)).ToList();
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", names)}){suffix}";
        await command.PrepareAsync(cancellationToken);
        var written = 0;
        foreach (var row in rows)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                command.Parameters[c].Value = row[c] ?? DBNull.Value;
            }
            written += await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return written;
    }

    private DbCommand NewCommand()
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandTimeout = 300;
        return command;
    }

    private static string AddParameter(DbCommand command, int index, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@p" + index;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter.ParameterName;
    }
}
