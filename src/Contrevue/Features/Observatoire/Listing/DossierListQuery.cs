using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Text;
using System.Globalization;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Observatoire.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Listing;

public enum DossierSort
{
    /// <summary>Newest dossier first: the API's default, the cheapest keyset.</summary>
    Id,
    /// <summary>Last updated first: the page's default.</summary>
    Recent,
    Title,
    /// <summary>Most cameras first, unknown counts last.</summary>
    Cameras,
    /// <summary>Largest budget first, unknown budgets last.</summary>
    Budget,
    /// <summary>Latest status change first, unknown dates last.</summary>
    StatusDate,
}

public enum FictionalFilter
{
    Include,
    Exclude,
    Only,
}

/// <summary>Checked filters of a dossier list.</summary>
public sealed record DossierCriteria
{
    public string? CommuneCode { get; init; }
    public string? DepartementCode { get; init; }
    public string? RegionCode { get; init; }
    public Technology? Technology { get; init; }
    public IReadOnlyList<int>? VendorIds { get; init; }
    public DossierStatus? Status { get; init; }
    public DossierFlag? Flag { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public string? Query { get; init; }
    public FictionalFilter Fictional { get; init; }
    public DossierSort Sort { get; init; }
}

public sealed record DossierListParse(DossierCriteria? Criteria, Dictionary<string, string[]> Errors)
{
    public bool IsValid => Criteria is not null;
}

/// <param name="Total">The number of matches, up to <paramref name="Listed"/> + 1 (then "more than").</param>
/// <param name="PageCount">The pages offered, at most <see cref="DossierListQuery.MaxPages"/>.</param>
/// <param name="Listed">How many dossiers the pages reach, and how far matches are counted.</param>
public sealed record DossierPage(IReadOnlyList<Dossier> Items, int Total, int Page, int PageCount, int Listed)
{
    public bool TotalIsCapped => Total > Listed;
}

public sealed record DossierKeysetPage(IReadOnlyList<Dossier> Items, string? NextCursor);

/// <summary>
/// The public list of dossiers: filters, full-text search, sorts, and paging by offset (pages) or by
/// keyset (API, CSV). Hidden dossiers are never listed. Every filter value is checked, with French
/// messages keyed by parameter name.
/// </summary>
public sealed class DossierListQuery(
    ContrevueDbContext db, IDossierSearch search, DossierService dossiers, FlagContext flags, DossierListing listing, DossierRankings rankings, DepartementNames departements, IStringLocalizer<SharedResource> text)
{
    /// <summary>
    /// Pages offered by offset: reading page N skips N × size rows, so the cost of a page is bounded by
    /// bounding N. Past them, filters, the CSV export or the API's cursors reach every dossier.
    /// </summary>
    public const int MaxPages = 50;

    public const int MaxQueryLength = 200;
    public const int MaxValueLength = 200;

    public static readonly IReadOnlyList<(DossierSort Sort, string Code, string Label)> Sorts =
    [
        (DossierSort.Recent, "recent", "Mis à jour récemment"),
        (DossierSort.Title, "title", "Titre (A → Z)"),
        (DossierSort.Cameras, "cameras", "Nombre de caméras"),
        (DossierSort.Budget, "budget", "Budget"),
        (DossierSort.StatusDate, "status-date", "Date du statut"),
        (DossierSort.Id, "id", "Ajoutés récemment"),
    ];

    public static readonly IReadOnlyList<(FictionalFilter Value, string Code, string Label)> FictionalFilters =
    [
        (FictionalFilter.Include, "include", "Compris"),
        (FictionalFilter.Exclude, "exclude", "Exclus"),
        (FictionalFilter.Only, "only", "Seulement eux"),
    ];

    public static string SortCode(DossierSort sort) => Sorts.First(s => s.Sort == sort).Code;

    public async Task<DossierListParse> ParseAsync(DossierListRequest request, DossierSort defaultSort, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string key, string message) => errors[key] = [message];

        foreach (var (name, value) in request.Parameters())
        {
            if (value!.Length > (name == "q" ? MaxQueryLength : MaxValueLength))
            {
                Error(name, name == "q"
                    ? text["Recherche trop longue : {0} caractères au plus.", MaxQueryLength]
                    : text["Valeur trop longue : {0} caractères au plus.", MaxValueLength]);
            }
            else if (value.Any(char.IsControl))
            {
                // PostgreSQL refuses a NUL in text: the visitor gets a message, not an error page.
                Error(name, "Caractère de contrôle interdit dans cette valeur.");
            }
        }
        if (errors.Count > 0)
        {
            return new DossierListParse(null, errors);
        }

        var criteria = new DossierCriteria { Sort = defaultSort, Query = Blank(request.Q) ? null : request.Q!.Trim() };
        if (!Blank(request.Commune))
        {
            var code = request.Commune!.Trim().ToUpperInvariant();
            if (await db.Set<Commune>().AnyAsync(c => c.Code == code, cancellationToken))
            {
                criteria = criteria with { CommuneCode = code };
            }
            else
            {
                Error("commune", text["Commune inconnue « {0} » : donnez son code INSEE (5 caractères, par exemple 42218).", request.Commune!]);
            }
        }
        if (!Blank(request.Departement))
        {
            var code = request.Departement!.Trim().ToUpperInvariant();
            if (await departements.ExistsAsync(code, cancellationToken))
            {
                criteria = criteria with { DepartementCode = code };
            }
            else
            {
                Error("departement", text["Département inconnu « {0} » : donnez son code (par exemple 42, 2A ou 974).", request.Departement!]);
            }
        }
        if (!Blank(request.Region))
        {
            var code = request.Region!.Trim();
            if (await db.Set<Region>().AnyAsync(r => r.Code == code, cancellationToken))
            {
                criteria = criteria with { RegionCode = code };
            }
            else
            {
                Error("region", text["Région inconnue « {0} » : donnez son code INSEE (par exemple 84).", request.Region!]);
            }
        }
        if (!Blank(request.Technology))
        {
            if (ObservatoireCodes.Technologies.TryParse(request.Technology, out var technology))
            {
                criteria = criteria with { Technology = technology };
            }
            else
            {
                Error("technology", text["Technologie inconnue « {0} » : {1}.", request.Technology!, string.Join(", ", ObservatoireCodes.Technologies.Select(t => t.Code))]);
            }
        }
        if (!Blank(request.Vendor))
        {
            var vendorIds = await VendorIdsAsync(request.Vendor!, cancellationToken);
            if (vendorIds.Count > 0)
            {
                criteria = criteria with { VendorIds = vendorIds };
            }
            else
            {
                Error("vendor", text["Aucun fournisseur ne correspond à « {0} ».", request.Vendor!]);
            }
        }
        if (!Blank(request.Status))
        {
            if (ObservatoireCodes.Statuses.TryParse(request.Status, out var status))
            {
                criteria = criteria with { Status = status };
            }
            else
            {
                Error("status", text["Statut inconnu « {0} » : {1}.", request.Status!, string.Join(", ", ObservatoireCodes.Statuses.Select(s => s.Code))]);
            }
        }
        if (!Blank(request.Flag))
        {
            if (ObservatoireCodes.Flags.TryParse(request.Flag, out var flag))
            {
                criteria = criteria with { Flag = flag };
            }
            else
            {
                Error("flag", text["Alerte inconnue « {0} » : {1}.", request.Flag!, string.Join(", ", ObservatoireCodes.Flags.Select(f => f.Code))]);
            }
        }
        var from = ReadDate(request.From, "from", Error);
        var to = ReadDate(request.To, "to", Error);
        if (from is not null && to is not null && from > to)
        {
            Error("to", "La fin de la période est avant son début.");
        }
        criteria = criteria with { From = from, To = to };
        if (!Blank(request.Fictional))
        {
            var fictional = FictionalFilters.FirstOrDefault(f => string.Equals(f.Code, request.Fictional!.Trim(), StringComparison.OrdinalIgnoreCase));
            if (fictional.Code is null)
            {
                Error("fictional", text["Valeur inconnue « {0} » : include, exclude ou only.", request.Fictional!]);
            }
            criteria = criteria with { Fictional = fictional.Value };
        }
        if (!Blank(request.Sort))
        {
            var sort = Sorts.FirstOrDefault(s => string.Equals(s.Code, request.Sort!.Trim(), StringComparison.OrdinalIgnoreCase));
            if (sort.Code is null)
            {
                Error("sort", text["Tri inconnu « {0} » : {1}.", request.Sort!, string.Join(", ", Sorts.Select(s => s.Code))]);
            }
            criteria = criteria with { Sort = sort.Code is null ? defaultSort : sort.Sort };
        }
        return errors.Count > 0 ? new DossierListParse(null, errors) : new DossierListParse(criteria, errors);
    }

    /// <summary>The listed dossiers that match, unordered.</summary>
    public async ValueTask<IQueryable<Dossier>> FilteredAsync(DossierCriteria criteria, CancellationToken cancellationToken)
    {
        var query = db.Set<Dossier>().AsNoTracking().Where(d => !d.IsHidden);
        if (criteria.CommuneCode is { } commune)
        {
            query = query.Where(d => d.CommuneCode == commune);
        }
        if (criteria.DepartementCode is { } departement)
        {
            query = query.Where(d => d.DepartementCode == departement);
        }
        if (criteria.RegionCode is { } region)
        {
            query = query.Where(d => d.RegionCode == region);
        }
        if (criteria.Technology is { } technology)
        {
            query = query.Where(d => (d.Technologies & technology) != 0);
        }
        if (criteria.VendorIds is { } vendorIds)
        {
            query = query.Where(d => d.Vendors.Any(v => vendorIds.Contains(v.VendorId)));
        }
        if (criteria.Status is { } status)
        {
            query = query.Where(d => d.Status == status);
        }
        if (criteria.Flag is { } flag)
        {
            query = query.WithFlag(flag, flags.Today, flags.JoExperimentationEndsOn);
        }
        if (criteria.From is { } from)
        {
            query = query.Where(d => d.StatusSince >= from);
        }
        if (criteria.To is { } to)
        {
            query = query.Where(d => d.StatusSince <= to);
        }
        query = criteria.Fictional switch
        {
            FictionalFilter.Exclude => query.Where(d => !d.IsFictional),
            FictionalFilter.Only => query.Where(d => d.IsFictional),
            _ => query,
        };
        if (criteria.Query is { } text)
        {
            query = await search.MatchingAsync(query, text, cancellationToken);
        }
        return query;
    }

    public static IOrderedQueryable<Dossier> Ordered(IQueryable<Dossier> query, DossierSort sort) => sort switch
    {
        DossierSort.Recent => query.OrderByDescending(d => d.UpdatedAt).ThenByDescending(d => d.Id),
        DossierSort.Title => query.OrderBy(d => d.Title).ThenBy(d => d.Id),
        DossierSort.Cameras => query.OrderBy(d => d.CameraCount == null).ThenByDescending(d => d.CameraCount).ThenByDescending(d => d.Id),
        DossierSort.Budget => query.OrderBy(d => d.BudgetEur == null).ThenByDescending(d => d.BudgetEur).ThenByDescending(d => d.Id),
        DossierSort.StatusDate => query.OrderBy(d => d.StatusSince == null).ThenByDescending(d => d.StatusSince).ThenByDescending(d => d.Id),
        _ => query.OrderByDescending(d => d.Id),
    };

    /// <summary>
    /// One page by offset, for the HTML list (dossiers without their collections), among the first
    /// <see cref="MaxPages"/>. A page past the end gives the last. Counts stop where the pages do:
    /// past them, the page says "plus de 1 000".
    /// </summary>
    public async Task<DossierPage> PageAsync(DossierCriteria criteria, int page, int pageSize, CancellationToken cancellationToken)
    {
        var listed = MaxPages * pageSize;
        var ranked = await listing.RankAsync(criteria, listed + 1, cancellationToken)
            ?? await rankings.GetAsync(criteria, listed + 1, async max =>
                await Ordered(await FilteredAsync(criteria, cancellationToken), criteria.Sort).Select(d => d.Id).Take(max).ToListAsync(cancellationToken));
        var total = ranked.Count;
        var pageCount = Math.Clamp((Math.Min(total, listed) + pageSize - 1) / pageSize, 1, MaxPages);
        page = Math.Clamp(page, 1, pageCount);
        var ids = ranked.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        // By id, as fresh as the ranking: a dossier hidden since is left out rather than shown.
        var loaded = ids.Count == 0 ? new Dictionary<int, Dossier>() : await listing.DossiersAsync(ids, cancellationToken);
        return new DossierPage([.. ids.Where(loaded.ContainsKey).Select(id => loaded[id])], total, page, pageCount, listed);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> dossiers after <paramref name="after"/> in the criteria's order, with
    /// their vendors, sources, timeline and funders (a fixed number of queries), and the cursor of the next page.
    /// </summary>
    public async Task<DossierKeysetPage> KeysetAsync(DossierCriteria criteria, DossierCursor? after, int limit, CancellationToken cancellationToken)
    {
        var filtered = await FilteredAsync(criteria, cancellationToken);
        if (after is not null)
        {
            filtered = After(filtered, after);
        }
        var ids = await Ordered(filtered, criteria.Sort).Select(d => d.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var hasMore = ids.Count > limit;
        if (hasMore)
        {
            ids.RemoveAt(limit);
        }
        var loaded = await dossiers.WithDetails().AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var items = ids.Where(loaded.ContainsKey).Select(id => loaded[id]).ToList();
        return new DossierKeysetPage(items, hasMore && items.Count > 0 ? DossierCursor.After(criteria.Sort, items[^1]).Encode() : null);
    }

    /// <summary>Every matching dossier with its details, in the criteria's order, read in batches: for exports.</summary>
    public async IAsyncEnumerable<Dossier> AllAsync(DossierCriteria criteria, int max, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        DossierCursor? after = null;
        var count = 0;
        while (count < max)
        {
            var page = await KeysetAsync(criteria, after, Math.Min(DossierSearchIndexer.BatchSize, max - count), cancellationToken);
            foreach (var dossier in page.Items)
            {
                yield return dossier;
            }
            count += page.Items.Count;
            if (page.NextCursor is null)
            {
                yield break;
            }
            after = DossierCursor.After(criteria.Sort, page.Items[^1]);
        }
    }

    private static IQueryable<Dossier> After(IQueryable<Dossier> query, DossierCursor cursor)
    {
        var id = cursor.Id;
        switch (cursor.Sort)
        {
            case DossierSort.Recent:
                var updatedAt = new DateTime(cursor.Number ?? 0, DateTimeKind.Utc);
                return query.Where(d => d.UpdatedAt < updatedAt || (d.UpdatedAt == updatedAt && d.Id < id));
            case DossierSort.Title:
                var title = cursor.Text ?? "";
                return query.Where(d => string.Compare(d.Title, title) > 0 || (d.Title == title && d.Id > id));
            case DossierSort.Cameras:
                if (cursor.Number is { } cameraKey)
                {
                    var cameras = (int)cameraKey;
                    return query.Where(d => d.CameraCount == null || d.CameraCount < cameras || (d.CameraCount == cameras && d.Id < id));
                }
                return query.Where(d => d.CameraCount == null && d.Id < id);
            case DossierSort.Budget:
                if (cursor.Number is { } budget)
                {
                    return query.Where(d => d.BudgetEur == null || d.BudgetEur < budget || (d.BudgetEur == budget && d.Id < id));
                }
                return query.Where(d => d.BudgetEur == null && d.Id < id);
            case DossierSort.StatusDate:
                if (cursor.Number is { } dayNumber)
                {
                    var since = DateOnly.FromDayNumber((int)dayNumber);
                    return query.Where(d => d.StatusSince == null || d.StatusSince < since || (d.StatusSince == since && d.Id < id));
                }
                return query.Where(d => d.StatusSince == null && d.Id < id);
            default:
                return query.Where(d => d.Id < id);
        }
    }

    /// <summary>A vendor by slug, by exact name in any spelling, or else every vendor whose name contains the text.</summary>
    private async Task<List<int>> VendorIdsAsync(string text, CancellationToken cancellationToken)
    {
        var slug = text.Trim().ToLowerInvariant();
        var matchName = VendorDirectory.MatchNameOf(text);
        var exact = await db.Set<Vendor>().Where(v => v.Slug == slug || v.MatchName == matchName).Select(v => v.Id).ToListAsync(cancellationToken);
        if (exact.Count > 0 || matchName.Length < 2)
        {
            return exact;
        }
        return await db.Set<Vendor>().Where(v => v.MatchName.Contains(matchName)).OrderBy(v => v.Id).Select(v => v.Id).Take(100).ToListAsync(cancellationToken);
    }

    private DateOnly? ReadDate(string? value, string key, Action<string, string> error)
    {
        if (Blank(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value!.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        error(key, text["Date invalide « {0} » : écrivez-la AAAA-MM-JJ (par exemple 2024-03-31).", value!]);
        return null;
    }

    private static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);
}

/// <summary>
/// Where a keyset page ends: the sort, the last item's sort key and its id. Sent to clients as opaque
/// base64url JSON; a cursor that does not decode, or comes from another sort, is refused.
/// </summary>
public sealed record DossierCursor(DossierSort Sort, long? Number, string? Text, int Id)
{
    private sealed record Payload(string S, long? N, string? T, int I);

    public static DossierCursor After(DossierSort sort, Dossier last) => sort switch
    {
        DossierSort.Recent => new(sort, last.UpdatedAt.Ticks, null, last.Id),
        DossierSort.Title => new(sort, null, last.Title, last.Id),
        DossierSort.Cameras => new(sort, last.CameraCount, null, last.Id),
        DossierSort.Budget => new(sort, last.BudgetEur, null, last.Id),
        DossierSort.StatusDate => new(sort, last.StatusSince?.DayNumber, null, last.Id),
        _ => new(sort, null, null, last.Id),
    };

    public string Encode() => System.Buffers.Text.Base64Url.EncodeToString(
        JsonSerializer.SerializeToUtf8Bytes(new Payload(DossierListQuery.SortCode(Sort), Number, Text, Id), DossierService.Json));

    /// <summary>Far above any cursor this API writes (a title of 200 characters in base64url JSON).</summary>
    public const int MaxEncodedLength = 1024;

    /// <summary>
    /// The cursor, or null when it is not one this API could have written: anything a client crafts
    /// (a key outside its sort's range, a title no dossier can have) is refused here, not in the query.
    /// </summary>
    public static DossierCursor? Decode(string value)
    {
        if (value.Length > MaxEncodedLength)
        {
            return null;
        }
        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(System.Buffers.Text.Base64Url.DecodeFromChars(value), DossierService.Json);
        }
        catch (Exception exception) when (exception is FormatException or JsonException or ArgumentException or InvalidOperationException or OverflowException)
        {
            return null;
        }
        var sort = DossierListQuery.Sorts.FirstOrDefault(s => s.Code == payload?.S);
        if (payload is null || sort.Code is null || payload.I <= 0 || !KeyFits(sort.Sort, payload.N, payload.T))
        {
            return null;
        }
        return new DossierCursor(sort.Sort, payload.N, payload.T, payload.I);
    }

    private static bool KeyFits(DossierSort sort, long? number, string? text) => sort switch
    {
        DossierSort.Recent => number is >= 0 && number <= DateTime.MaxValue.Ticks && text is null,
        DossierSort.Title => text is not null && text.Length <= DossierLimits.TitleLength && Infrastructure.Web.InputText.IsAcceptable(text, multiLine: false) && number is null,
        DossierSort.Cameras => (number is null or (>= int.MinValue and <= int.MaxValue)) && text is null,
        DossierSort.StatusDate => (number is null || (number >= DateOnly.MinValue.DayNumber && number <= DateOnly.MaxValue.DayNumber)) && text is null,
        DossierSort.Budget => text is null,
        _ => number is null && text is null,
    };
}
