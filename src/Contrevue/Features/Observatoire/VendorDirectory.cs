using Contrevue.Infrastructure.Text;
using Contrevue.Data;
using Contrevue.Features.Territories.Search;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire;

/// <summary>One vendor per name, whatever its spelling ("IDEMIA", "Idemia"): found by its normalised name or created.</summary>
public static class VendorDirectory
{
    public static string MatchNameOf(string name) => SearchText.Normalize(name);

    /// <summary>The tracked vendor of that name, created (unsaved) when there is none.</summary>
    public static async Task<Vendor> FindOrCreateAsync(ContrevueDbContext db, string name, TimeProvider time, CancellationToken cancellationToken)
    {
        var matchName = MatchNameOf(name);
        var vendor = db.ChangeTracker.Entries<Vendor>().Select(e => e.Entity).FirstOrDefault(v => v.MatchName == matchName)
            ?? await db.Set<Vendor>().FirstOrDefaultAsync(v => v.MatchName == matchName, cancellationToken);
        if (vendor is not null)
        {
            return vendor;
        }
        var now = time.GetUtcNow().UtcDateTime;
        vendor = new Vendor
        {
            Name = name.Trim(),
            MatchName = matchName,
            Slug = await FreeSlugAsync(db, SearchText.Slug(name) is { Length: > 0 } slug ? slug[..Math.Min(slug.Length, 100)].TrimEnd('-') : "fournisseur", cancellationToken),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(vendor);
        return vendor;
    }

    private static async Task<string> FreeSlugAsync(ContrevueDbContext db, string wanted, CancellationToken cancellationToken)
    {
        var slug = wanted;
        for (var n = 2; await db.Set<Vendor>().AnyAsync(v => v.Slug == slug, cancellationToken)
            || db.ChangeTracker.Entries<Vendor>().Any(e => e.Entity.Slug == slug); n++)
        {
            slug = $"{wanted}-{n}";
        }
        return slug;
    }
}
