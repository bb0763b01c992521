using System.Globalization;
using System.Security.Claims;
using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Features.Veille.Search;
using Contrevue.Infrastructure.Audit;
using Contrevue.Infrastructure.Caching;
using Contrevue.Infrastructure.Security;
using Contrevue.Infrastructure.Time;
using Contrevue.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Veille;

/// <summary>
/// The one way an article enters the news watch (<see cref="AddAsync"/>: the API, the members' form, and later
/// a feed's accepted items) and the reads of the lists, pages, panels and feeds.
/// </summary>
public sealed class ArticleService(ContrevueDbContext db, Observatoire.DossierLookup dossiers, IArticleSearch search, AuditLog audit,
    CacheInvalidation cache, TimeProvider time)
{
    /// <summary>The oldest publication accepted: the news watch is about the campaign's years, not archives.</summary>
    public static readonly DateOnly OldestPublication = new(1990, 1, 1);

    /// <summary>
    /// Checks, then adds and saves an article published by <paramref name="userId"/> (null: the platform itself,
    /// a feed's accepted item): indexed for search, recorded in the audit log, shown at once by every cached page.
    /// </summary>
    public async Task<ArticleChange> AddAsync(ArticleInput input, string? userId, CancellationToken cancellationToken)
    {
        var checkedInput = await CheckAsync(input, cancellationToken);
        if (checkedInput is not ArticleChange.Done(var article))
        {
            return checkedInput;
        }
        article.CreatedByUserId = userId;
        db.Add(article);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Added by someone else between the check and the save?
            db.Entry(article).State = EntityState.Detached;
            if (await ExistingAsync(article.CanonicalUrl, null, cancellationToken) is { } existing)
            {
                return existing;
            }
            throw;
        }
        audit.Record(userId, "article.create", $"article:{article.Id}", article.CanonicalUrl);
        await db.SaveChangesAsync(cancellationToken);
        await PublishedAsync([article], cancellationToken);
        return new ArticleChange.Done(article);
    }

    /// <summary>
    /// A moderator accepted a public proposal: the article is added without saving (the moderation decision saves
    /// it in its transaction); call <see cref="PublishedAsync"/> once it is committed.
    /// </summary>
    public async Task<ArticleChange> AddProposedAsync(ArticleInput input, CancellationToken cancellationToken)
    {
        var change = await CheckAsync(input, cancellationToken);
        if (change is ArticleChange.Done(var article))
        {
            db.Add(article);
        }
        return change;
    }

    /// <summary>After a committed addition: the article is found by search and shown by every list, feed and panel.</summary>
    public async Task PublishedAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken)
    {
        await search.WriteAsync(articles, cancellationToken);
        await EvictAsync(articles.SelectMany(a => a.Territories), cancellationToken);
    }

    /// <summary>
    /// The news watch's pages and feeds, and the « Dans la presse » of these territories' pages only (a commune's
    /// and its département's): not every territory page of every feature.
    /// </summary>
    private Task EvictAsync(IEnumerable<ArticleTerritory> territories, CancellationToken cancellationToken) =>
        cache.EvictAsync([VeilleCache.AllTag, .. VeilleCache.TerritoryTags(territories)], cancellationToken);

    /// <summary>Moderators change any article; a member, those they added.</summary>
    public static bool MayChange(Article article, ClaimsPrincipal user) =>
        user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin)
        || (article.CreatedByUserId is { } author && author == user.FindFirstValue(ClaimTypes.NameIdentifier));

    /// <summary>
    /// Changes every field of an article (checked as an addition is; its canonical address computed again and
    /// still unique), re-indexed, recorded in the audit log, shown at once where it was and where it now is.
    /// </summary>
    public async Task<ArticleChange> UpdateAsync(int id, ArticleInput input, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var article = await db.Set<Article>().Include(a => a.Tags).Include(a => a.Territories).Include(a => a.Dossiers)
            .AsSplitQuery().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (article is null)
        {
            return new ArticleChange.NotFound();
        }
        if (!MayChange(article, user))
        {
            return new ArticleChange.Forbidden();
        }
        var checkedInput = await CheckAsync(input, id, cancellationToken);
        if (checkedInput is not ArticleChange.Done(var changed))
        {
            return checkedInput;
        }
        var before = article.Territories.Select(t => new ArticleTerritory { Kind = t.Kind, Code = t.Code, DepartementCode = t.DepartementCode }).ToList();
        article.Title = changed.Title;
        article.Outlet = changed.Outlet;
        article.Author = changed.Author;
        article.PublishedOn = changed.PublishedOn;
        article.Url = changed.Url;
        article.CanonicalUrl = changed.CanonicalUrl;
        article.Summary = changed.Summary;
        article.UpdatedAt = changed.UpdatedAt;
        // Rows kept, removed or added by their keys: removing and adding the same key in one save would clash.
        article.Tags.RemoveAll(t => !changed.Tags.Any(c => c.Tag == t.Tag));
        article.Tags.AddRange([.. changed.Tags.Where(c => !article.Tags.Any(t => t.Tag == c.Tag))]);
        article.Territories.RemoveAll(t => !changed.Territories.Any(c => c.Kind == t.Kind && c.Code == t.Code));
        article.Territories.AddRange([.. changed.Territories.Where(c => !article.Territories.Any(t => t.Kind == c.Kind && t.Code == c.Code))]);
        article.Dossiers.RemoveAll(d => !changed.Dossiers.Any(c => c.DossierId == d.DossierId));
        article.Dossiers.AddRange([.. changed.Dossiers.Where(c => !article.Dossiers.Any(d => d.DossierId == c.DossierId))]);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        audit.Record(userId, "article.update", $"article:{article.Id}", article.CanonicalUrl);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another article took the address between the check and the save?
            db.ChangeTracker.Clear();
            if (await ExistingAsync(changed.CanonicalUrl, id, cancellationToken) is { } existing)
            {
                return existing;
            }
            throw;
        }
        await search.WriteAsync([article], cancellationToken);
        await EvictAsync([.. before, .. article.Territories], cancellationToken);
        return new ArticleChange.Done(article);
    }

    /// <summary>Deletes an article for good: its links to territories, tags and dossiers go with it, and its search entry.</summary>
    public async Task<ArticleChange> DeleteAsync(int id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var article = await db.Set<Article>().Include(a => a.Territories).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (article is null)
        {
            return new ArticleChange.NotFound();
        }
        if (!MayChange(article, user))
        {
            return new ArticleChange.Forbidden();
        }
        var territories = article.Territories.ToList();
        db.Remove(article);
        audit.Record(user.FindFirstValue(ClaimTypes.NameIdentifier), "article.delete", $"article:{id}", $"{article.CanonicalUrl} « {article.Title} »");
        await db.SaveChangesAsync(cancellationToken);
        await search.RemoveAsync(id, cancellationToken);
        await EvictAsync(territories, cancellationToken);
        return new ArticleChange.Deleted(id);
    }

    /// <summary>
    /// Checks every field (French errors by field) and that the address is not an article's already; the article
    /// it would be when all is right, neither added nor saved.
    /// </summary>
    public Task<ArticleChange> CheckAsync(ArticleInput input, CancellationToken cancellationToken) => CheckAsync(input, null, cancellationToken);

    /// <param name="editedId">The article being changed, whose own address is no duplicate.</param>
    private async Task<ArticleChange> CheckAsync(ArticleInput input, int? editedId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors.TryAdd(field, [message]);

        var title = Line(input.Title, "title", "Le titre", Article.MaxTitleLength, required: true, Fail);
        var outlet = Line(input.Outlet, "outlet", "Le média", Article.MaxOutletLength, required: true, Fail);
        var author = Line(input.Author, "author", "L'auteur", Article.MaxAuthorLength, required: false, Fail);
        var summary = input.Summary?.Trim();
        if (summary?.Length > Article.MaxSummaryLength)
        {
            Fail("summary", $"Le résumé tient en {Article.MaxSummaryLength} caractères au plus.");
        }
        else if (summary is not null && !InputText.IsAcceptable(summary, multiLine: true))
        {
            Fail("summary", "Le résumé contient un caractère interdit (caractère de contrôle ou non-caractère Unicode).");
        }

        var today = ParisCalendar.Today(time);
        DateOnly publishedOn = default;
        if (string.IsNullOrWhiteSpace(input.PublishedOn))
        {
            Fail("publishedOn", "La date de publication est obligatoire : 2026-11-30.");
        }
        else if (!DateOnly.TryParseExact(input.PublishedOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out publishedOn))
        {
            Fail("publishedOn", "La date de publication s'écrit AAAA-MM-JJ : 2026-11-30.");
        }
        else if (publishedOn < OldestPublication || publishedOn > today.AddDays(1))
        {
            Fail("publishedOn", $"La date de publication va du 1er janvier 1990 à aujourd'hui ({today:yyyy-MM-dd}).");
        }

        var canonical = "";
        if (!ArticleUrl.TryCanonicalize(input.Url, out canonical, out var urlError))
        {
            Fail("url", urlError!);
        }
        else if (!InputText.IsAcceptable(input.Url!, multiLine: false))
        {
            Fail("url", "L'adresse de l'article contient un caractère interdit.");
        }

        var tags = new List<string>();
        foreach (var given in input.Tags ?? [])
        {
            var tag = ArticleTags.Normalize(given);
            if (tag.Length == 0 || tag.Length > Article.MaxTagLength)
            {
                Fail("tags", $"Chaque mot-clé a des lettres ou des chiffres, {Article.MaxTagLength} caractères au plus.");
                break;
            }
            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }
        if (tags.Count > Article.MaxTags)
        {
            Fail("tags", $"Au plus {Article.MaxTags} mots-clés.");
        }

        var territories = new List<ArticleTerritory>();
        if (input.Territories?.Count > Article.MaxTerritories)
        {
            Fail("territories", $"Au plus {Article.MaxTerritories} territoires.");
        }
        else
        {
            foreach (var given in input.Territories ?? [])
            {
                if (!TerritoryReference.TryParse(given, out var reference))
                {
                    Fail("territories", "Territoire illisible : 42218, departement:42, epci:244200770 ou region:84.");
                    break;
                }
                if (territories.Any(t => t.Kind == reference.Value.Kind && t.Code == reference.Value.Code))
                {
                    continue;
                }
                if (await db.NameOfAsync(reference.Value, cancellationToken) is null)
                {
                    Fail("territories", $"Territoire inconnu : {reference.Value}.");
                    break;
                }
                territories.Add(new ArticleTerritory
                {
                    Kind = reference.Value.Kind, Code = reference.Value.Code,
                    DepartementCode = await DepartementOfAsync(reference.Value, cancellationToken),
                });
            }
        }

        var dossierIds = (input.Dossiers ?? []).Distinct().ToList();
        if (dossierIds.Count > Article.MaxDossiers)
        {
            Fail("dossiers", $"Au plus {Article.MaxDossiers} dossiers.");
        }
        else
        {
            foreach (var id in dossierIds)
            {
                if (!await dossiers.ExistsAsync(id, cancellationToken))
                {
                    Fail("dossiers", $"Aucun dossier n° {id} dans l'observatoire.");
                    break;
                }
            }
        }

        if (errors.Count > 0)
        {
            return new ArticleChange.Invalid(errors);
        }
        if (await ExistingAsync(canonical, editedId, cancellationToken) is { } duplicate)
        {
            return duplicate;
        }
        var now = time.GetUtcNow().UtcDateTime;
        return new ArticleChange.Done(new Article
        {
            Title = title!, Outlet = outlet!, Author = author, PublishedOn = publishedOn, Url = input.Url!.Trim(), CanonicalUrl = canonical,
            Summary = string.IsNullOrEmpty(summary) ? null : summary, CreatedAt = now, UpdatedAt = now,
            Tags = [.. tags.Select(t => new ArticleTag { Tag = t })],
            Territories = territories,
            Dossiers = [.. dossierIds.Select(id => new ArticleDossier { DossierId = id })],
        });
    }

    private async Task<ArticleChange.Duplicate?> ExistingAsync(string canonicalUrl, int? exceptId, CancellationToken cancellationToken)
    {
        var existing = await db.Set<Article>().AsNoTracking().Where(a => a.CanonicalUrl == canonicalUrl && a.Id != exceptId)
            .Select(a => new { a.Id, a.Title }).FirstOrDefaultAsync(cancellationToken);
        return existing is null ? null : new ArticleChange.Duplicate(existing.Id, existing.Title,
            new Article { Id = existing.Id, Title = existing.Title, Outlet = "", Url = "", CanonicalUrl = "" }.PagePath);
    }

    /// <summary>One line of text, trimmed, checked; null when absent.</summary>
    private static string? Line(string? value, string field, string label, int maxLength, bool required, Action<string, string> fail)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                fail(field, $"{label} est obligatoire.");
            }
            return null;
        }
        if (text.Length > maxLength || !InputText.IsAcceptable(text, multiLine: false))
        {
            fail(field, $"{label} tient sur une ligne de {maxLength} caractères au plus, sans caractère de contrôle.");
        }
        return text;
    }

    private async Task<string?> DepartementOfAsync(TerritoryReference reference, CancellationToken cancellationToken) => reference.Kind switch
    {
        TerritoryKind.Departement => reference.Code,
        TerritoryKind.Commune => await db.Set<Commune>().Where(c => c.Code == reference.Code).Select(c => c.DepartementCode).FirstOrDefaultAsync(cancellationToken),
        TerritoryKind.Epci => await db.Set<Commune>().Where(c => c.EpciSiren == reference.Code)
            .GroupBy(c => c.DepartementCode).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefaultAsync(cancellationToken),
        _ => null,
    };

    public Task<Article?> FindAsync(int id, CancellationToken cancellationToken) =>
        db.Set<Article>().AsNoTracking().Include(a => a.Tags).Include(a => a.Territories).Include(a => a.Dossiers)
            .AsSplitQuery().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);

    /// <summary>
    /// A page of the articles that match, newest first (publication day, then the latest entered), starting after
    /// <paramref name="after"/>: by keyset, so that the hundredth page costs what the first does.
    /// </summary>
    public async Task<ArticlePage> ListAsync(ArticleQuery query, ArticleCursor? after, int limit, CancellationToken cancellationToken)
    {
        var articles = await FilterAsync(db.Set<Article>().AsNoTracking(), query, cancellationToken);
        if (after is { } cursor)
        {
            articles = articles.Where(a => a.PublishedOn < cursor.PublishedOn || (a.PublishedOn == cursor.PublishedOn && a.Id < cursor.Id));
        }
        var page = await articles.OrderByDescending(a => a.PublishedOn).ThenByDescending(a => a.Id).Take(limit + 1)
            .Include(a => a.Tags).Include(a => a.Territories).Include(a => a.Dossiers).AsSplitQuery()
            .ToListAsync(cancellationToken);
        var more = page.Count > limit;
        var items = more ? page[..limit] : page;
        return new ArticlePage(items, more ? new ArticleCursor(items[^1].PublishedOn, items[^1].Id) : null);
    }

    private async Task<IQueryable<Article>> FilterAsync(IQueryable<Article> articles, ArticleQuery query, CancellationToken cancellationToken)
    {
        if (query.Tag is { } tag)
        {
            articles = articles.Where(a => a.Tags.Any(t => t.Tag == tag));
        }
        if (query.Outlet is { } outlet)
        {
            articles = articles.Where(a => a.Outlet == outlet);
        }
        if (query.From is { } from)
        {
            articles = articles.Where(a => a.PublishedOn >= from);
        }
        if (query.To is { } to)
        {
            articles = articles.Where(a => a.PublishedOn <= to);
        }
        if (query.DossierId is { } dossierId)
        {
            articles = articles.Where(a => a.Dossiers.Any(d => d.DossierId == dossierId));
        }
        if (query.Departement is { } departement)
        {
            articles = articles.Where(a => a.Territories.Any(t => t.DepartementCode == departement));
        }
        if (query.Territory is { } territory)
        {
            articles = await InTerritoryAsync(articles, territory, cancellationToken);
        }
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            articles = search.Matching(articles, query.Text);
        }
        return articles;
    }

    /// <summary>A commune's articles are its own; a département's, its own and its communes'; a région's and an EPCI's likewise.</summary>
    private async Task<IQueryable<Article>> InTerritoryAsync(IQueryable<Article> articles, TerritoryReference territory, CancellationToken cancellationToken)
    {
        var code = territory.Code;
        var kind = territory.Kind;
        switch (kind)
        {
            case TerritoryKind.Departement:
                return articles.Where(a => a.Territories.Any(t => t.DepartementCode == code));
            case TerritoryKind.Region:
                var departements = await db.Set<Departement>().Where(d => d.RegionCode == code).Select(d => d.Code).ToListAsync(cancellationToken);
                return articles.Where(a => a.Territories.Any(t => (t.Kind == kind && t.Code == code)
                    || (t.DepartementCode != null && departements.Contains(t.DepartementCode))));
            case TerritoryKind.Epci:
                var communes = await db.Set<Commune>().Where(c => c.EpciSiren == code).Select(c => c.Code).ToListAsync(cancellationToken);
                return articles.Where(a => a.Territories.Any(t => (t.Kind == kind && t.Code == code)
                    || (t.Kind == TerritoryKind.Commune && communes.Contains(t.Code))));
            default:
                return articles.Where(a => a.Territories.Any(t => t.Kind == kind && t.Code == code));
        }
    }

    /// <summary>The outlets and tags in use, for the list's filters, most frequent first.</summary>
    public async Task<(List<string> Outlets, List<string> Tags)> FacetsAsync(CancellationToken cancellationToken)
    {
        var outlets = await db.Set<Article>().AsNoTracking().GroupBy(a => a.Outlet).OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
            .Select(g => g.Key).Take(200).ToListAsync(cancellationToken);
        var tags = await db.Set<ArticleTag>().AsNoTracking().GroupBy(t => t.Tag).OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
            .Select(g => g.Key).Take(200).ToListAsync(cancellationToken);
        return (outlets, tags);
    }

    /// <summary>The names and pages of territories, read in a few queries.</summary>
    public async Task<Dictionary<TerritoryReference, (string Name, string Path)>> NamesAsync(IEnumerable<TerritoryReference> references, CancellationToken cancellationToken)
    {
        var all = references.Distinct().ToList();
        var found = new Dictionary<TerritoryReference, (string, string)>();
        var communeCodes = all.Where(r => r.Kind == TerritoryKind.Commune).Select(r => r.Code).ToList();
        if (communeCodes.Count > 0)
        {
            foreach (var c in await db.Set<Commune>().AsNoTracking().Where(c => communeCodes.Contains(c.Code)).Select(c => new { c.Code, c.Name, c.Slug }).ToListAsync(cancellationToken))
            {
                found[new TerritoryReference(TerritoryKind.Commune, c.Code)] = (c.Name, $"/communes/{c.Code}-{c.Slug}");
            }
        }
        var departementCodes = all.Where(r => r.Kind == TerritoryKind.Departement).Select(r => r.Code).ToList();
        if (departementCodes.Count > 0)
        {
            foreach (var d in await db.Set<Departement>().AsNoTracking().Where(d => departementCodes.Contains(d.Code)).Select(d => new { d.Code, d.Name, d.Slug }).ToListAsync(cancellationToken))
            {
                found[new TerritoryReference(TerritoryKind.Departement, d.Code)] = (d.Name, $"/departements/{d.Code}-{d.Slug}");
            }
        }
        foreach (var other in all.Where(r => !found.ContainsKey(r)))
        {
            var name = await db.NameOfAsync(other, cancellationToken) ?? other.Code;
            found[other] = (name, other.Kind == TerritoryKind.Region ? $"/regions/{other.Code}" : $"/epci/{other.Code}");
        }
        return found;
    }
}
