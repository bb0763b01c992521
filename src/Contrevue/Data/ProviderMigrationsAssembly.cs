#pragma warning disable EF1001 // MigrationsAssembly is public but marked internal-API; we only narrow how it finds types.
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace Contrevue.Data;

/// <summary>
/// EF Core finds migrations by their <c>[DbContext(typeof(...))]</c> attribute, which would force the
/// provider projects to reference this one while this one must reference them to ship them. Each
/// provider assembly holds the migrations of one context only, so every migration and the snapshot in
/// it are taken, attribute or not (tools/add-migration.sh removes the attribute).
/// </summary>
internal sealed class ProviderMigrationsAssembly(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;
    private ModelSnapshot? _snapshot;
    private bool _snapshotLoaded;

    public override IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations ??= FindMigrations();

    public override ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (!_snapshotLoaded)
            {
                var type = Assembly.GetTypes().FirstOrDefault(t => t.IsSubclassOf(typeof(ModelSnapshot)) && !t.IsAbstract);
                _snapshot = type is null ? null : (ModelSnapshot?)Activator.CreateInstance(type);
                _snapshotLoaded = true;
            }
            return _snapshot;
        }
    }

    private SortedList<string, TypeInfo> FindMigrations()
    {
        var result = new SortedList<string, TypeInfo>(StringComparer.Ordinal);
        foreach (var type in Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Migration)) && !t.IsAbstract))
        {
            var id = type.GetCustomAttribute<MigrationAttribute>()?.Id;
            if (id is not null)
            {
                result.Add(id, type.GetTypeInfo());
            }
        }
        return result;
    }
}
