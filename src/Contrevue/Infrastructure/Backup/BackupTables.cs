using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Contrevue.Infrastructure.Backup;

/// <summary>
/// One column of a backed-up table: how the provider stores it, and the app's own type for it. A
/// column holding a JSON document (an owned type mapped with <c>ToJson</c>, such as Identity's
/// passkey data) has no type mapping of its own: its text is copied as it is.
/// </summary>
public sealed record BackupColumn(string Name, Type ClrType, RelationalTypeMapping? Mapping, bool IsNullable, string StoreType)
{
    private static readonly MethodInfo GetFieldValue = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetFieldValue))!;
    private readonly MethodInfo _read = GetFieldValue.MakeGenericMethod(ProviderTypeOf(Mapping));

    public bool IsJsonDocument => Mapping is null;

    private static Type ProviderTypeOf(RelationalTypeMapping? mapping)
    {
        var type = mapping is null ? typeof(string) : mapping.Converter?.ProviderClrType ?? mapping.ClrType;
        return Nullable.GetUnderlyingType(type) ?? type;
    }

    /// <summary>The value as the app's model holds it (enums, UTC dates…): the same whichever provider wrote it.</summary>
    public object? Read(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }
        var stored = _read.Invoke(reader, [ordinal]);
        return Mapping?.Converter is null ? stored : Mapping.Converter.ConvertFromProvider(stored);
    }

    public DbParameter Parameter(DbCommand command, string name, object? value)
    {
        if (Mapping is not null)
        {
            return Mapping.CreateParameter(command, name, value, IsNullable);
        }
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }
}

/// <summary>A table of the model, with the tables it references.</summary>
public sealed record BackupTable(string Name, IReadOnlyList<BackupColumn> Columns, IReadOnlyList<string> KeyColumns, string? IdentityColumn);

/// <summary>
/// Every table of the EF model, in an order where each comes after the tables it references: the
/// backup reads the database through the model, so it follows every migration without a list to
/// keep up to date. Tables outside the model (the search index) are rebuilt after a restore.
/// </summary>
public static class BackupTables
{
    public static IReadOnlyList<BackupTable> Of(DbContext db)
    {
        var tables = db.Model.GetRelationalModel().Tables.Where(t => t.Schema is null).ToDictionary(t => t.Name);
        var ordered = new List<BackupTable>();
        var state = new Dictionary<string, bool>(); // false: being visited, true: done
        foreach (var name in tables.Keys.Order(StringComparer.Ordinal))
        {
            Visit(name);
        }
        return ordered;

        void Visit(string name)
        {
            if (state.TryGetValue(name, out var done))
            {
                if (!done)
                {
                    throw new InvalidOperationException($"Les clés étrangères forment un cycle passant par la table {name} : la sauvegarde ne sait pas l'ordonner.");
                }
                return;
            }
            state[name] = false;
            var table = tables[name];
            foreach (var principal in table.ForeignKeyConstraints.Select(f => f.PrincipalTable.Name).Where(p => p != name).Distinct().Order(StringComparer.Ordinal))
            {
                Visit(principal);
            }
            state[name] = true;
            ordered.Add(Describe(table));
        }
    }

    private static BackupTable Describe(ITable table)
    {
        var columns = table.Columns
            .Select(c => c.PropertyMappings.Count == 0
                ? new BackupColumn(c.Name, typeof(string), null, c.IsNullable, c.StoreType)
                : new BackupColumn(c.Name, c.PropertyMappings[0].Property.ClrType, c.PropertyMappings[0].TypeMapping, c.IsNullable, c.StoreType))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var keys = table.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? [];
        // An integer key the database numbers: PostgreSQL's sequence must be moved past the restored rows.
        var identity = table.PrimaryKey?.Columns is [var key]
            && (key.ProviderClrType == typeof(int) || key.ProviderClrType == typeof(long))
            && key.PropertyMappings.Any(m => m.Property.ValueGenerated == ValueGenerated.OnAdd)
                ? key.Name
                : null;
        return new BackupTable(table.Name, columns, keys, identity);
    }

    public static string Quote(DbContext db, string identifier) =>
        db.GetService<ISqlGenerationHelper>().DelimitIdentifier(identifier);

    public static async Task<bool> IsEmptyAsync(DbContext db, BackupTable table, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"SELECT 1 FROM {Quote(db, table.Name)} LIMIT 1";
        return await command.ExecuteScalarAsync(cancellationToken) is null;
    }
}
