using System.Reflection;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Contrevue.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Data;

public sealed class ContrevueDbContext(DbContextOptions<ContrevueDbContext> options) : IdentityDbContext<ContrevueUser>(options), IDataProtectionKeyContext
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    /// <summary>The Data Protection key ring, shared by every instance (see DataProtectionSetup).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    /// <summary>
    /// Identity's OnModelCreating picks its schema version from the app's IdentityOptions, which a context
    /// built without the app's services never sees (dotnet ef through DesignTimeDbContextFactory, some
    /// tests): those would build version 1, the app version 3. .NET 10 keeps the method that takes an
    /// explicit version internal (overriding SchemaVersion changes nothing), so it is called by name;
    /// if a later Identity renames it, every context creation fails at once rather than silently.
    /// </summary>
    private static readonly MethodInfo IdentityModelOfVersion =
        typeof(IdentityUserContext<ContrevueUser, string, IdentityUserClaim<string>, IdentityUserLogin<string>, IdentityUserToken<string>, IdentityUserPasskey<string>>)
            .GetMethod("OnModelCreatingVersion", BindingFlags.Instance | BindingFlags.NonPublic, [typeof(ModelBuilder), typeof(Version)])
        ?? throw new InvalidOperationException("Identity n'expose plus OnModelCreatingVersion(ModelBuilder, Version) : voir ContrevueDbContext.");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Version 3 adds the passkeys table; AccountsSetup gives the stores the same version.
        IdentityModelOfVersion.Invoke(this, [modelBuilder, IdentitySchemaVersions.Version3]);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ContrevueDbContext).Assembly);
        IdentityTableNames.Apply(modelBuilder);
    }

    /// <summary>The audit log is append-only: an entry once saved is never changed nor removed.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseAuditLogChanges();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseAuditLogChanges();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void RefuseAuditLogChanges()
    {
        if (ChangeTracker.Entries<Contrevue.Infrastructure.Audit.AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("Le journal d'audit est en ajout seul : une entrée ne peut être ni modifiée ni supprimée.");
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
