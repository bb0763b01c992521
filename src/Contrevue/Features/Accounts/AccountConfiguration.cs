using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Accounts;

internal sealed class ContrevueUserConfiguration : IEntityTypeConfiguration<ContrevueUser>
{
    public void Configure(EntityTypeBuilder<ContrevueUser> entity) => entity.ToTable("users");
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> entity)
    {
        entity.ToTable("api_tokens");
        entity.HasKey(t => t.Id);
        entity.Property(t => t.Name).HasMaxLength(100);
        entity.Property(t => t.Prefix).HasMaxLength(12);
        entity.Property(t => t.Hash).HasMaxLength(64);
        entity.HasIndex(t => t.Hash).IsUnique();
        entity.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Identity's own tables, named like ours.</summary>
internal static class IdentityTableNames
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IdentityRole>().ToTable("roles");
        modelBuilder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        modelBuilder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        modelBuilder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        modelBuilder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        modelBuilder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");
        modelBuilder.Entity<IdentityUserPasskey<string>>().ToTable("user_passkeys");
    }
}
