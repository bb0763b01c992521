using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Contrevue.Data;

/// <summary>
/// Used by <c>dotnet ef</c> only (see tools/add-migration.sh): the provider comes from
/// CONTREVUE_DESIGN_PROVIDER, and no real database is needed to add a migration.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ContrevueDbContext>
{
    public ContrevueDbContext CreateDbContext(string[] args)
    {
        var provider = Enum.Parse<DatabaseProvider>(Environment.GetEnvironmentVariable("CONTREVUE_DESIGN_PROVIDER") ?? "Sqlite", ignoreCase: true);
        var connectionString = provider == DatabaseProvider.Sqlite
            ? "Data Source=design-time.db"
            : "Host=localhost;Database=contrevue_design;Username=contrevue";
        var options = new DbContextOptionsBuilder<ContrevueDbContext>();
        DatabaseSetup.Configure(options, provider, connectionString);
        return new ContrevueDbContext(options.Options);
    }
}
