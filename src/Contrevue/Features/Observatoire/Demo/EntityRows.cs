using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Contrevue.Features.Observatoire.Demo;

/// <summary>
/// An entity type as rows for <see cref="Data.BulkWriter"/>: its table, its columns and their values
/// as EF would write them (enum converters, UTC dates), all read from the EF model so that the bulk
/// path follows the model without a column list to keep in step by hand.
/// </summary>
internal sealed class EntityRows<T> where T : class
{
    private readonly Func<T, object?>[] _values;

    public EntityRows(DbContext db)
    {
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} n'est pas dans le modèle.");
        TableName = entityType.GetTableName()!;
        var store = StoreObjectIdentifier.Table(TableName, entityType.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        Table = sql.DelimitIdentifier(TableName, entityType.GetSchema());
        var properties = entityType.GetProperties().ToList();
        ColumnNames = properties.Select(p => p.GetColumnName(store)!).ToArray();
        Columns = ColumnNames.Select(c => sql.DelimitIdentifier(c)).ToArray();
        _values = properties.Select(Reader).ToArray();
    }

    /// <summary>The table, quoted for SQL.</summary>
    public string Table { get; }

    public string TableName { get; }

    /// <summary>The columns, quoted for SQL.</summary>
    public string[] Columns { get; }

    public string[] ColumnNames { get; }

    public object?[] Row(T entity)
    {
        var row = new object?[_values.Length];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = _values[i](entity);
        }
        return row;
    }

    private static Func<T, object?> Reader(IProperty property)
    {
        var getter = property.GetGetter();
        var converter = property.GetTypeMapping().Converter;
        return converter is null
            ? entity => getter.GetClrValue(entity)
            : entity => converter.ConvertToProvider(getter.GetClrValue(entity));
    }
}
