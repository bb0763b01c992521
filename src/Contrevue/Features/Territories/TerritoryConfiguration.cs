using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Territories;

// Table and column names are explicit and lower snake_case so that the importer's SQL is the same
// on SQLite and PostgreSQL.
internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> entity)
    {
        entity.ToTable("regions");
        entity.HasKey(r => r.Code);
        entity.Property(r => r.Code).HasColumnName("code").HasMaxLength(3);
        entity.Property(r => r.Name).HasColumnName("name").HasMaxLength(200);
        entity.Property(r => r.Slug).HasColumnName("slug").HasMaxLength(200);
        entity.Property(r => r.SearchName).HasColumnName("search_name").HasMaxLength(200);
        entity.Property(r => r.Zone).HasColumnName("zone").HasMaxLength(10);
        entity.Property(r => r.Population).HasColumnName("population");
        entity.Property(r => r.CommuneCount).HasColumnName("commune_count");
    }
}

internal sealed class DepartementConfiguration : IEntityTypeConfiguration<Departement>
{
    public void Configure(EntityTypeBuilder<Departement> entity)
    {
        entity.ToTable("departements");
        entity.HasKey(d => d.Code);
        entity.Property(d => d.Code).HasColumnName("code").HasMaxLength(3);
        entity.Property(d => d.Name).HasColumnName("name").HasMaxLength(200);
        entity.Property(d => d.Slug).HasColumnName("slug").HasMaxLength(200);
        entity.Property(d => d.SearchName).HasColumnName("search_name").HasMaxLength(200);
        entity.Property(d => d.Zone).HasColumnName("zone").HasMaxLength(10);
        entity.Property(d => d.RegionCode).HasColumnName("region_code").HasMaxLength(3);
        entity.Property(d => d.Population).HasColumnName("population");
        entity.Property(d => d.CommuneCount).HasColumnName("commune_count");
        entity.HasOne(d => d.Region).WithMany(r => r.Departements).HasForeignKey(d => d.RegionCode)
            .OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EpciConfiguration : IEntityTypeConfiguration<Epci>
{
    public void Configure(EntityTypeBuilder<Epci> entity)
    {
        entity.ToTable("epcis");
        entity.HasKey(e => e.Siren);
        entity.Property(e => e.Siren).HasColumnName("siren").HasMaxLength(9);
        entity.Property(e => e.Name).HasColumnName("name").HasMaxLength(300);
        entity.Property(e => e.Slug).HasColumnName("slug").HasMaxLength(300);
        entity.Property(e => e.SearchName).HasColumnName("search_name").HasMaxLength(300);
        entity.Property(e => e.Kind).HasColumnName("kind").HasMaxLength(10);
        entity.Property(e => e.FinancingMode).HasColumnName("financing_mode").HasMaxLength(10);
        entity.Property(e => e.Population).HasColumnName("population");
        entity.Property(e => e.CommuneCount).HasColumnName("commune_count");
    }
}

internal sealed class CommuneConfiguration : IEntityTypeConfiguration<Commune>
{
    public void Configure(EntityTypeBuilder<Commune> entity)
    {
        entity.ToTable("communes");
        entity.HasKey(c => c.Code);
        entity.Property(c => c.Code).HasColumnName("code").HasMaxLength(5);
        entity.Property(c => c.Name).HasColumnName("name").HasMaxLength(200);
        entity.Property(c => c.Slug).HasColumnName("slug").HasMaxLength(200);
        entity.Property(c => c.SearchName).HasColumnName("search_name").HasMaxLength(200);
        entity.Property(c => c.CompactName).HasColumnName("compact_name").HasMaxLength(200);
        entity.Property(c => c.Kind).HasColumnName("kind");
        entity.Property(c => c.DepartementCode).HasColumnName("departement_code").HasMaxLength(3);
        entity.Property(c => c.RegionCode).HasColumnName("region_code").HasMaxLength(3);
        entity.Property(c => c.EpciSiren).HasColumnName("epci_siren").HasMaxLength(9);
        entity.Property(c => c.ParentCode).HasColumnName("parent_code").HasMaxLength(5);
        entity.Property(c => c.Siren).HasColumnName("siren").HasMaxLength(9);
        entity.Property(c => c.Population).HasColumnName("population");
        entity.Property(c => c.PostalCodes).HasColumnName("postal_codes").HasMaxLength(400);
        entity.Ignore(c => c.PostalCodeList);
        entity.Ignore(c => c.CanonicalPath);
        entity.Property(c => c.CentreLatitude).HasColumnName("centre_latitude");
        entity.Property(c => c.CentreLongitude).HasColumnName("centre_longitude");
        entity.Property(c => c.CentreSource).HasColumnName("centre_source");
        entity.HasOne(c => c.Departement).WithMany().HasForeignKey(c => c.DepartementCode).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne(c => c.Region).WithMany().HasForeignKey(c => c.RegionCode).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne(c => c.Epci).WithMany().HasForeignKey(c => c.EpciSiren).OnDelete(DeleteBehavior.Restrict);
        entity.HasOne(c => c.Parent).WithMany().HasForeignKey(c => c.ParentCode).OnDelete(DeleteBehavior.Restrict);
        entity.HasIndex(c => c.SearchName);
        entity.HasIndex(c => new { c.DepartementCode, c.Population });
        entity.HasIndex(c => c.EpciSiren);
        entity.HasIndex(c => c.RegionCode);
        entity.HasIndex(c => c.ParentCode);
    }
}

internal sealed class CommuneAliasConfiguration : IEntityTypeConfiguration<CommuneAlias>
{
    public void Configure(EntityTypeBuilder<CommuneAlias> entity)
    {
        entity.ToTable("commune_aliases");
        entity.HasKey(a => a.Id);
        entity.Property(a => a.Id).HasColumnName("id");
        entity.Property(a => a.Code).HasColumnName("code").HasMaxLength(5);
        entity.Property(a => a.Name).HasColumnName("name").HasMaxLength(200);
        entity.Property(a => a.SearchName).HasColumnName("search_name").HasMaxLength(200);
        entity.Property(a => a.Kind).HasColumnName("kind");
        entity.Property(a => a.CommuneCode).HasColumnName("commune_code").HasMaxLength(5);
        entity.HasOne(a => a.Commune).WithMany().HasForeignKey(a => a.CommuneCode).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(a => new { a.Code, a.CommuneCode }).IsUnique();
        entity.HasIndex(a => a.CommuneCode);
        entity.HasIndex(a => a.SearchName);
    }
}

internal sealed class CommunePostalCodeConfiguration : IEntityTypeConfiguration<CommunePostalCode>
{
    public void Configure(EntityTypeBuilder<CommunePostalCode> entity)
    {
        entity.ToTable("commune_postal_codes");
        entity.HasKey(p => new { p.PostalCode, p.CommuneCode });
        entity.Property(p => p.PostalCode).HasColumnName("postal_code").HasMaxLength(5);
        entity.Property(p => p.CommuneCode).HasColumnName("commune_code").HasMaxLength(5);
        entity.HasOne<Commune>().WithMany().HasForeignKey(p => p.CommuneCode).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(p => p.CommuneCode);
    }
}

internal sealed class TerritoryImportConfiguration : IEntityTypeConfiguration<TerritoryImport>
{
    public void Configure(EntityTypeBuilder<TerritoryImport> entity)
    {
        entity.ToTable("territory_imports");
        entity.HasKey(i => i.Id);
        entity.Property(i => i.Origin).HasMaxLength(20);
        entity.Property(i => i.SourceHash).HasMaxLength(64);
        entity.Property(i => i.Source).HasMaxLength(1000);
    }
}

internal sealed class CommuneContourConfiguration : IEntityTypeConfiguration<CommuneContour>
{
    public void Configure(EntityTypeBuilder<CommuneContour> entity)
    {
        entity.ToTable("commune_contours");
        entity.HasKey(c => c.CommuneCode);
        entity.Property(c => c.CommuneCode).HasColumnName("commune_code").HasMaxLength(5);
        entity.Property(c => c.GeometryJson).HasColumnName("geometry_json");
        entity.Property(c => c.MinLongitude).HasColumnName("min_longitude");
        entity.Property(c => c.MinLatitude).HasColumnName("min_latitude");
        entity.Property(c => c.MaxLongitude).HasColumnName("max_longitude");
        entity.Property(c => c.MaxLatitude).HasColumnName("max_latitude");
        entity.Property(c => c.ImportedAt).HasColumnName("imported_at");
        entity.HasOne<Commune>().WithOne().HasForeignKey<CommuneContour>(c => c.CommuneCode).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(c => new { c.MinLongitude, c.MaxLongitude });
    }
}
