using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Contrevue.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Contrevue.Infrastructure.Backup;

/// <summary>
/// The database as a ZIP of JSON lines, one part per table, each value as the app's model holds it
/// (numbers for enums, ISO 8601 UTC dates, base64 bytes): neutral between SQLite and PostgreSQL, so a
/// backup of one restores onto the other. Uploaded files are rows of <c>stored_files</c>; nothing
/// of the app's lives on disk.
/// </summary>
public static class DatabaseDump
{
    private const string DataProtectionKeysTable = "data_protection_keys";
    private const int MaxParametersPerStatement = 30_000;
    private const int MaxBytesPerStatement = 8 * 1024 * 1024;

    public static async Task<BackupManifest> WriteAsync(ContrevueDbContext db, Stream output, string migration, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var parts = new List<BackupPart>();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var table in BackupTables.Of(db))
            {
                var file = $"tables/{table.Name}.jsonl";
                var entry = zip.CreateEntry(file, CompressionLevel.Optimal);
                await using var entryStream = entry.Open();
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var rows = await WriteTableAsync(db, table, entryStream, hash, cancellationToken);
                parts.Add(new BackupPart(table.Name, file, rows, Convert.ToHexStringLower(hash.GetHashAndReset())));
            }
            var manifest = new BackupManifest(
                BackupManifest.FormatName, BackupManifest.CurrentFormatVersion, AppVersion, migration, db.ProviderOf().ToString(), now,
                parts.Any(p => p.Table == DataProtectionKeysTable && p.Rows > 0), parts);
            var manifestEntry = zip.CreateEntry(BackupManifest.FileName, CompressionLevel.Optimal);
            await using (var manifestStream = manifestEntry.Open())
            {
                await JsonSerializer.SerializeAsync(manifestStream, manifest, BackupManifest.Json, cancellationToken);
            }
            return manifest;
        }
    }

    public static string AppVersion =>
        typeof(DatabaseDump).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
        ?? typeof(DatabaseDump).Assembly.GetName().Version?.ToString() ?? "inconnue";

    private static async Task<long> WriteTableAsync(DbContext db, BackupTable table, Stream output, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = 0;
        var columns = string.Join(", ", table.Columns.Select(c => BackupTables.Quote(db, c.Name)));
        var order = table.KeyColumns.Count == 0 ? "" : " ORDER BY " + string.Join(", ", table.KeyColumns.Select(c => BackupTables.Quote(db, c)));
        command.CommandText = $"SELECT {columns} FROM {BackupTables.Quote(db, table.Name)}{order}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var buffer = new ArrayBufferWriter<byte>();
        await using var json = new Utf8JsonWriter(buffer);
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            json.WriteStartObject();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var column = table.Columns[i];
                json.WritePropertyName(column.Name);
                var value = column.Read(reader, i);
                if (value is null)
                {
                    json.WriteNullValue();
                }
                else
                {
                    JsonSerializer.Serialize(json, value, value.GetType());
                }
            }
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken);
            buffer.Write("\n"u8);
            hash.AppendData(buffer.WrittenSpan);
            await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
            buffer.Clear();
            json.Reset(buffer);
            rows++;
        }
        return rows;
    }

    /// <summary>Reads the manifest and checks every part against it before anything is written.</summary>
    public static async Task<BackupManifest> VerifyAsync(ZipArchive zip, DbContext db, CancellationToken cancellationToken)
    {
        var manifestEntry = zip.GetEntry(BackupManifest.FileName)
            ?? throw new BackupException("Ce fichier n'est pas une sauvegarde de Contrevue : il n'a pas de manifest.json.");
        BackupManifest? manifest;
        try
        {
            await using var stream = manifestEntry.Open();
            manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(stream, BackupManifest.Json, cancellationToken);
        }
        catch (Exception exception) when (exception is JsonException or InvalidDataException)
        {
            throw new BackupException("Le manifeste de la sauvegarde est illisible : archive altérée.");
        }
        if (manifest is null || manifest.Format != BackupManifest.FormatName || manifest.Tables is null)
        {
            throw new BackupException("Ce fichier n'est pas une sauvegarde de Contrevue (manifeste inconnu).");
        }
        if (manifest.FormatVersion > BackupManifest.CurrentFormatVersion)
        {
            throw new BackupException($"Cette sauvegarde est au format {manifest.FormatVersion}, plus récent que celui de cette version de Contrevue ({BackupManifest.CurrentFormatVersion}) : restaurez-la avec la version {manifest.AppVersion}.");
        }
        var migrations = db.Database.GetMigrations().Select(MigrationName).ToList();
        var latest = migrations.LastOrDefault() ?? "";
        if (MigrationName(manifest.Migration) != latest)
        {
            throw new BackupException(migrations.Contains(MigrationName(manifest.Migration))
                ? $"Cette sauvegarde a été faite au schéma {manifest.Migration} (Contrevue {manifest.AppVersion}) ; cette version en est à {latest}. Restaurez-la avec la version {manifest.AppVersion}, puis mettez Contrevue à jour : les migrations transformeront les données."
                : $"Cette sauvegarde a été faite au schéma {manifest.Migration} (Contrevue {manifest.AppVersion}), que cette version ne connaît pas : restaurez-la avec une version au moins aussi récente.");
        }

        var tables = BackupTables.Of(db).Select(t => t.Name).ToHashSet();
        var listed = manifest.Tables.Select(p => p.File).Append(BackupManifest.FileName).ToHashSet();
        var unlisted = zip.Entries.Select(e => e.FullName).FirstOrDefault(name => !listed.Contains(name));
        if (unlisted is not null)
        {
            throw new BackupException($"L'archive contient « {unlisted} », absent de son manifeste : archive altérée, elle est refusée.");
        }
        var missing = tables.Except(manifest.Tables.Select(p => p.Table)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || manifest.Tables.Any(p => !tables.Contains(p.Table)))
        {
            throw new BackupException($"Le manifeste ne décrit pas les tables de ce schéma ({string.Join(", ", missing)}) : archive altérée.");
        }
        foreach (var part in manifest.Tables)
        {
            var entry = zip.GetEntry(part.File) ?? throw new BackupException($"La partie {part.File} manque à l'archive : elle est refusée.");
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            try
            {
                await using var stream = entry.Open();
                var block = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(block, cancellationToken)) > 0)
                {
                    hash.AppendData(block, 0, read);
                }
            }
            catch (InvalidDataException)
            {
                throw new BackupException($"La partie {part.File} est illisible : archive altérée, elle est refusée.");
            }
            if (!string.Equals(Convert.ToHexStringLower(hash.GetHashAndReset()), part.Sha256, StringComparison.Ordinal))
            {
                throw new BackupException($"L'empreinte SHA-256 de {part.File} ne correspond pas au manifeste : archive altérée, elle est refusée.");
            }
        }
        return manifest;
    }

    /// <summary>
    /// A migration's name without its timestamp: each provider's project stamps the same migration
    /// at its own second ("20261129120211_ExtraHolidays" on SQLite, "…120300_ExtraHolidays" on
    /// PostgreSQL), and an archive crosses providers.
    /// </summary>
    public static string MigrationName(string id) =>
        id.Length > 15 && id[14] == '_' && id[..14].All(char.IsAsciiDigit) ? id[15..] : id;

    /// <summary>The tables that already hold rows (a restore refuses them unless told to replace everything).</summary>
    public static async Task<List<string>> NonEmptyTablesAsync(DbContext db, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        foreach (var table in BackupTables.Of(db))
        {
            if (!await BackupTables.IsEmptyAsync(db, table, cancellationToken))
            {
                found.Add(table.Name);
            }
        }
        return found;
    }

    /// <summary>
    /// Writes every part into the database, in one transaction: after emptying it when
    /// <paramref name="replace"/>, in the order of the foreign keys, then checks the counts.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, long>> RestoreAsync(ContrevueDbContext db, ZipArchive zip, BackupManifest manifest, bool replace, CancellationToken cancellationToken)
    {
        var tables = BackupTables.Of(db);
        var provider = db.ProviderOf();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (replace && provider == DatabaseProvider.Postgres)
        {
            // One statement for every table: the foreign keys between them are no obstacle, and CASCADE empties the search index that references dossiers.
            await ExecuteAsync(db, $"TRUNCATE {string.Join(", ", tables.Select(t => BackupTables.Quote(db, t.Name)))} RESTART IDENTITY CASCADE", cancellationToken);
        }
        else if (replace)
        {
            // Checked at commit, when the archive's rows are all in.
            await ExecuteAsync(db, "PRAGMA defer_foreign_keys = ON", cancellationToken);
            foreach (var table in tables.Reverse())
            {
                await ExecuteAsync(db, $"DELETE FROM {BackupTables.Quote(db, table.Name)}", cancellationToken);
            }
        }
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            var part = manifest.Tables.Single(p => p.Table == table.Name);
            await using var stream = zip.GetEntry(part.File)!.Open();
            var rows = await InsertAsync(db, provider, table, stream, cancellationToken);
            if (rows != part.Rows)
            {
                throw new BackupException($"{table.Name} : {rows} lignes lues, {part.Rows} annoncées par le manifeste : archive altérée.");
            }
            counts[table.Name] = rows;
            if (provider == DatabaseProvider.Postgres && table.IdentityColumn is { } identity)
            {
                // Explicit keys do not move PostgreSQL's sequences: the next row would collide with a restored one.
                var quotedTable = BackupTables.Quote(db, table.Name);
                var quotedColumn = BackupTables.Quote(db, identity);
                await ExecuteAsync(db,
                    $"SELECT setval(pg_get_serial_sequence('{quotedTable.Replace("'", "''", StringComparison.Ordinal)}', '{identity.Replace("'", "''", StringComparison.Ordinal)}'), COALESCE((SELECT MAX({quotedColumn}) FROM {quotedTable}), 0) + 1, false)",
                    cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    private static async Task<long> InsertAsync(DbContext db, DatabaseProvider provider, BackupTable table, Stream part, CancellationToken cancellationToken)
    {
        // SQLite runs in-process and looks parameters up by name: one row per statement is fastest there.
        var rowsPerStatement = provider == DatabaseProvider.Sqlite ? 1 : Math.Max(1, MaxParametersPerStatement / table.Columns.Count);
        var pending = new List<object?[]>();
        var pendingBytes = 0L;
        long rows = 0;
        using var reader = new StreamReader(part, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            pending.Add(ValuesOf(table, line));
            pendingBytes += line.Length;
            rows++;
            if (pending.Count >= rowsPerStatement || pendingBytes >= MaxBytesPerStatement)
            {
                await WriteRowsAsync(db, table, pending, cancellationToken);
                pending.Clear();
                pendingBytes = 0;
            }
        }
        if (pending.Count > 0)
        {
            await WriteRowsAsync(db, table, pending, cancellationToken);
        }
        return rows;
    }

    private static object?[] ValuesOf(BackupTable table, string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var values = new object?[table.Columns.Count];
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var column = table.Columns[i];
                if (!document.RootElement.TryGetProperty(column.Name, out var element))
                {
                    throw new BackupException($"{table.Name} : une ligne n'a pas de colonne {column.Name} : archive altérée.");
                }
                values[i] = element.ValueKind == JsonValueKind.Null ? null : element.Deserialize(column.ClrType);
            }
            return values;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            throw new BackupException($"{table.Name} : une ligne est illisible ({exception.Message}) : archive altérée.");
        }
    }

    private static async Task WriteRowsAsync(DbContext db, BackupTable table, List<object?[]> rows, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = 0;
        var sql = new StringBuilder("INSERT INTO ").Append(BackupTables.Quote(db, table.Name)).Append(" (")
            .AppendJoin(", ", table.Columns.Select(c => BackupTables.Quote(db, c.Name))).Append(") VALUES ");
        var index = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var name = "@p" + index++;
                var column = table.Columns[c];
                sql.Append(c == 0 ? "" : ", ").Append(column.IsJsonDocument ? $"CAST({name} AS {column.StoreType})" : name);
                command.Parameters.Add(column.Parameter(command, name, rows[r][c]));
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(DbContext db, string sql, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = 0;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
