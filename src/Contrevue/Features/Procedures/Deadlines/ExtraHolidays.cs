using Contrevue.Infrastructure.Caching;
using Contrevue.Infrastructure.Audit;
using Contrevue.Data;
using Contrevue.Features.Moderation;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Procedures.Deadlines;

/// <summary>Where the holidays administrators add come from.</summary>
public interface IExtraHolidaySource
{
    Task<IReadOnlyList<ExtraHoliday>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>A public holiday an administrator added: a new law's day, or a local one (overseas départements' abolition of slavery…).</summary>
public sealed class ExtraHolidayEntry
{
    public int Id { get; set; }
    public DateOnly Date { get; set; }
    public required string Label { get; set; }
    /// <summary>Null: a holiday everywhere.</summary>
    public string? DepartementCode { get; set; }
    public DateTime CreatedAt { get; set; }

    public ExtraHoliday AsHoliday() => new(Date, Label, DepartementCode);
}

internal sealed class ExtraHolidayConfiguration : IEntityTypeConfiguration<ExtraHolidayEntry>
{
    public void Configure(EntityTypeBuilder<ExtraHolidayEntry> entity)
    {
        entity.ToTable("extra_holidays");
        entity.HasKey(h => h.Id);
        entity.Property(h => h.Label).HasMaxLength(ExtraHolidays.MaxLabelLength);
        entity.Property(h => h.DepartementCode).HasMaxLength(3);
        entity.HasIndex(h => h.Date);
    }
}

/// <summary>The administrators' holidays: read by the calculator, written from /admin/jours-feries with an audit entry.</summary>
public sealed class ExtraHolidays(ContrevueDbContext db, AuditLog audit, CacheInvalidation cache, TimeProvider time, IStringLocalizer<SharedResource> text) : IExtraHolidaySource
{
    public const int MaxLabelLength = 100;
    /// <summary>Cached deadline answers depend on these days: evicted on every change.</summary>
    public const string CacheTag = "deadlines";

    public async Task<IReadOnlyList<ExtraHoliday>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await db.Set<ExtraHolidayEntry>().AsNoTracking().ToListAsync(cancellationToken)).Select(h => h.AsHoliday())];

    public async Task<IReadOnlyList<ExtraHolidayEntry>> EntriesAsync(CancellationToken cancellationToken) =>
        (await db.Set<ExtraHolidayEntry>().AsNoTracking().ToListAsync(cancellationToken))
            .OrderByDescending(h => h.Date).ThenBy(h => h.DepartementCode, StringComparer.Ordinal).ToList();

    /// <summary>Adds a day; French messages keyed by field name when something is wrong.</summary>
    public async Task<Dictionary<string, string[]>> AddAsync(string? date, string? label, string? departement, string? userId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!DateOnly.TryParseExact(date?.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            || day < DeadlineQuery.MinStart || day > DeadlineQuery.MaxStart.AddYears(1))
        {
            errors["date"] = ["Indiquez une date réelle entre 1990 et 2101, au format AAAA-MM-JJ."];
        }
        var name = label?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxLabelLength)
        {
            errors["label"] = [text["Indiquez le nom du jour férié, en {0} caractères au plus.", MaxLabelLength]];
        }
        var code = string.IsNullOrWhiteSpace(departement) ? null : departement.Trim().ToUpperInvariant();
        if (code is not null && !DeadlineQuery.DepartementCodes.Contains(code))
        {
            errors["departement"] = [text["Département inconnu « {0} » : indiquez un code comme 42, 2A ou 974, ou laissez vide pour toute la France.", departement!]];
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        if (await db.Set<ExtraHolidayEntry>().AnyAsync(h => h.Date == day && h.DepartementCode == code, cancellationToken))
        {
            errors["date"] = ["Ce jour férié est déjà enregistré."];
            return errors;
        }

        var entry = new ExtraHolidayEntry { Date = day, Label = name!, DepartementCode = code, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.Add(entry);
        audit.Record(userId, "holiday.add", Target(entry), Describe(entry));
        await db.SaveChangesAsync(cancellationToken);
        await cache.EvictAsync([CacheTag], cancellationToken);
        return errors;
    }

    public async Task<bool> RemoveAsync(int id, string? userId, CancellationToken cancellationToken)
    {
        var entry = await db.Set<ExtraHolidayEntry>().FirstOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (entry is null)
        {
            return false;
        }
        db.Remove(entry);
        audit.Record(userId, "holiday.remove", Target(entry), Describe(entry));
        await db.SaveChangesAsync(cancellationToken);
        await cache.EvictAsync([CacheTag], cancellationToken);
        return true;
    }

    private static string Target(ExtraHolidayEntry entry) => $"holiday:{entry.Date:yyyy-MM-dd}/{entry.DepartementCode ?? "FR"}";

    private static string Describe(ExtraHolidayEntry entry) =>
        entry.Label;
}
