using Contrevue.Features.Accounts;
using Contrevue.Features.Territories;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Contrevue.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Data;

public sealed class ContrevueDbContext(DbContextOptions<ContrevueDbContext> options) : IdentityDbContext<ContrevueUser>(options), IDataProtectionKeyContext
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Departement> Departements => Set<Departement>();
    public DbSet<Epci> Epcis => Set<Epci>();
    public DbSet<Commune> Communes => Set<Commune>();
    public DbSet<CommuneAlias> CommuneAliases => Set<CommuneAlias>();
    public DbSet<CommunePostalCode> CommunePostalCodes => Set<CommunePostalCode>();
    public DbSet<TerritoryImport> TerritoryImports => Set<TerritoryImport>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    /// <summary>The Data Protection key ring, shared by every instance (see DataProtectionSetup).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
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
        if (ChangeTracker.Entries<Features.Moderation.AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("Le journal d'audit est en ajout seul : une entrée ne peut être ni modifiée ni supprimée.");
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
