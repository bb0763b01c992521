using System.Globalization;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Territories.Mentions;
using Contrevue.Infrastructure.Audit;
using Contrevue.Infrastructure.Fetching;
using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Veille.Feeds;

/// <summary>A feed to follow: the body of <c>POST /api/v1/feeds</c> and of the moderators' form.</summary>
public sealed record FeedInput(string? Url, string? Title = null, IReadOnlyList<string>? Keywords = null);

public abstract record FeedChange
{
    public sealed record Done(FeedSubscription Feed) : FeedChange;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : FeedChange;
    public sealed record Duplicate(int ExistingId) : FeedChange;
}

/// <summary>An item of the review queue and the territories suggested for it.</summary>
public sealed record QueuedItem(FeedItem Item, string? FeedTitle, IReadOnlyList<TerritoryMention> Suggested);

public abstract record ItemDecision
{
    public sealed record Accepted(Article Article) : ItemDecision;
    /// <summary>The article was in the news watch already: the item is closed, pointing to it.</summary>
    public sealed record AlreadyPublished(int ArticleId, string Path) : ItemDecision;
    public sealed record Rejected : ItemDecision;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : ItemDecision;
    public sealed record NotFound : ItemDecision;
}

/// <summary>The moderators' side of feeds: subscriptions added, paused, resumed, removed; queued items accepted or rejected.</summary>
public sealed class FeedService(ContrevueDbContext db, IOutboundAddressPolicy addresses, ArticleService articles, AuditLog audit, TimeProvider time)
{
    public const int QueuePageSize = 100;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<List<FeedSubscription>> ListAsync(CancellationToken cancellationToken) =>
        db.Set<FeedSubscription>().AsNoTracking().OrderBy(f => f.Id).ToListAsync(cancellationToken);

    public Task<FeedSubscription?> FindAsync(int id, CancellationToken cancellationToken) =>
        db.Set<FeedSubscription>().AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, cancellationToken);

    public async Task<Dictionary<int, int>> PendingCountsAsync(CancellationToken cancellationToken) =>
        await db.Set<FeedItem>().AsNoTracking().Where(i => i.Status == FeedItemStatus.Pending).GroupBy(i => i.FeedId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    /// <summary>
    /// Checks and adds a feed, its address refused when it names a local or private machine (checked again at every
    /// fetch). The feed is left claimed for the caller to poll it at once (<see cref="FeedPoller.PollNowAsync"/>).
    /// </summary>
    public async Task<FeedChange> CreateAsync(FeedInput input, string? userId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors.TryAdd(field, [message]);

        Uri? address = null;
        if (!SourceSnapshotter.TryParseWebAddress(input.Url, out var parsed) || !InputText.IsAcceptable(input.Url!, multiLine: false))
        {
            Fail("url", "L'adresse du flux est une adresse web complète en http ou https : https://www.exemple.fr/rss.xml.");
        }
        else
        {
            address = parsed;
            try
            {
                await addresses.ResolveAllowedAsync(parsed.IdnHost, cancellationToken);
            }
            catch (RefusedAddressException)
            {
                Fail("url", FeedFetcher.RefusedAddressMessage);
            }
            catch (Exception exception) when (exception is System.Net.Sockets.SocketException or ArgumentException)
            {
                Fail("url", "Adresse introuvable : aucun serveur ne porte ce nom.");
            }
        }
        var title = input.Title?.Trim();
        if (title?.Length > FeedSubscription.MaxTitleLength)
        {
            Fail("title", string.Format(CultureInfo.InvariantCulture, "Le nom du flux tient en {0} caractères au plus.", FeedSubscription.MaxTitleLength));
        }
        else if (title is not null && !InputText.IsAcceptable(title, multiLine: false))
        {
            Fail("title", "Le nom du flux contient un caractère interdit.");
        }
        var keywords = new List<string>();
        foreach (var given in input.Keywords ?? [])
        {
            var keyword = given?.Trim() ?? "";
            if (keyword.Length == 0)
            {
                continue;
            }
            if (keyword.Length > FeedSubscription.MaxKeywordLength || !InputText.IsAcceptable(keyword, multiLine: false) || SearchText.Normalize(keyword).Length == 0)
            {
                Fail("keywords", string.Format(CultureInfo.InvariantCulture, "Chaque mot-clé a des lettres ou des chiffres, {0} caractères au plus.", FeedSubscription.MaxKeywordLength));
                break;
            }
            if (!keywords.Any(k => SearchText.Normalize(k) == SearchText.Normalize(keyword)))
            {
                keywords.Add(keyword);
            }
        }
        if (keywords.Count > FeedSubscription.MaxKeywords)
        {
            Fail("keywords", string.Format(CultureInfo.InvariantCulture, "Au plus {0} mots-clés.", FeedSubscription.MaxKeywords));
        }
        if (errors.Count > 0)
        {
            return new FeedChange.Invalid(errors);
        }
        var url = address!.AbsoluteUri;
        if (await db.Set<FeedSubscription>().Where(f => f.Url == url).Select(f => (int?)f.Id).FirstOrDefaultAsync(cancellationToken) is { } existing)
        {
            return new FeedChange.Duplicate(existing);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var feed = new FeedSubscription
        {
            Url = url, Title = string.IsNullOrEmpty(title) ? null : title, Keywords = string.Join('\n', keywords),
            CreatedAt = now, NextPollAt = now + FeedPoller.Lease,
        };
        db.Add(feed);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.Entry(feed).State = EntityState.Detached;
            if (await db.Set<FeedSubscription>().Where(f => f.Url == url).Select(f => (int?)f.Id).FirstOrDefaultAsync(cancellationToken) is { } raced)
            {
                return new FeedChange.Duplicate(raced);
            }
            throw;
        }
        audit.Record(userId, "feed.create", $"feed:{feed.Id}", url);
        await db.SaveChangesAsync(cancellationToken);
        return new FeedChange.Done(feed);
    }

    /// <summary>
    /// Pauses or resumes a feed; resuming forgets the failures and leaves the feed claimed for the caller to poll it at
    /// once (<see cref="FeedPoller.PollNowAsync"/>), as an addition does.
    /// </summary>
    public async Task<bool> SetPausedAsync(int id, bool paused, string? userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var changed = paused
            ? await db.Set<FeedSubscription>().Where(f => f.Id == id).ExecuteUpdateAsync(set => set.SetProperty(f => f.Paused, true), cancellationToken)
            : await db.Set<FeedSubscription>().Where(f => f.Id == id).ExecuteUpdateAsync(set => set
                .SetProperty(f => f.Paused, false).SetProperty(f => f.ConsecutiveFailures, 0).SetProperty(f => f.NextPollAt, now + FeedPoller.Lease), cancellationToken);
        if (changed == 1)
        {
            audit.Record(userId, paused ? "feed.pause" : "feed.resume", $"feed:{id}", null);
            await db.SaveChangesAsync(cancellationToken);
        }
        return changed == 1;
    }

    /// <summary>Removes a feed and its items still waiting (those decided go too: an article stays an article).</summary>
    public async Task<bool> DeleteAsync(int id, string? userId, CancellationToken cancellationToken)
    {
        await db.Set<FeedItem>().Where(i => i.FeedId == id).ExecuteDeleteAsync(cancellationToken);
        var deleted = await db.Set<FeedSubscription>().Where(f => f.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 1)
        {
            audit.Record(userId, "feed.delete", $"feed:{id}", null);
            await db.SaveChangesAsync(cancellationToken);
        }
        return deleted == 1;
    }

    /// <summary>The items waiting for review, the latest fetched first.</summary>
    public async Task<(List<QueuedItem> Items, int Total)> QueueAsync(CancellationToken cancellationToken)
    {
        var pending = db.Set<FeedItem>().AsNoTracking().Where(i => i.Status == FeedItemStatus.Pending);
        var total = await pending.CountAsync(cancellationToken);
        var items = await pending.OrderByDescending(i => i.FetchedAt).ThenByDescending(i => i.Id).Take(QueuePageSize).ToListAsync(cancellationToken);
        var feedIds = items.Select(i => i.FeedId).Distinct().ToList();
        var titles = await db.Set<FeedSubscription>().AsNoTracking().Where(f => feedIds.Contains(f.Id))
            .ToDictionaryAsync(f => f.Id, f => f.Title ?? f.Url, cancellationToken);
        var queued = items.Select(i => new QueuedItem(i, titles.GetValueOrDefault(i.FeedId), Suggestions(i))).ToList();
        return (queued, total);
    }

    public static IReadOnlyList<TerritoryMention> Suggestions(FeedItem item)
    {
        try
        {
            return JsonSerializer.Deserialize<List<TerritoryMention>>(item.SuggestedTerritories, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>
    /// Publishes a waiting item as an article (<see cref="ArticleService.AddAsync"/>) with the territories the
    /// moderator kept; the item is claimed first, so that two moderators pressing at once publish it once.
    /// </summary>
    public async Task<ItemDecision> AcceptAsync(int itemId, IReadOnlyList<string> territories, string? userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await db.Set<FeedItem>().Where(i => i.Id == itemId && i.Status == FeedItemStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.Status, FeedItemStatus.Accepted).SetProperty(i => i.DecidedAt, now), cancellationToken);
        if (claimed == 0 || await db.Set<FeedItem>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId, cancellationToken) is not { } item)
        {
            return new ItemDecision.NotFound();
        }
        var today = Infrastructure.Time.ParisCalendar.Today(time);
        var day = item.PublishedAt is { } published ? FeedDates.ParisDay(published) : today;
        if (day > today || day < ArticleService.OldestPublication)
        {
            day = today;
        }
        var outlet = item.Outlet is { Length: > 0 } o ? o : new Uri(item.Url ?? item.CanonicalUrl ?? "https://inconnu.invalid").Host;
        var input = new ArticleInput(item.Title, outlet.Length > Article.MaxOutletLength ? outlet[..Article.MaxOutletLength] : outlet, item.Author,
            day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), item.Url ?? item.CanonicalUrl, item.Summary, Territories: territories);
        var change = await articles.AddAsync(input, userId, cancellationToken);
        switch (change)
        {
            case ArticleChange.Done(var article):
                await db.Set<FeedItem>().Where(i => i.Id == itemId).ExecuteUpdateAsync(set => set.SetProperty(i => i.ArticleId, article.Id), cancellationToken);
                return new ItemDecision.Accepted(article);
            case ArticleChange.Duplicate duplicate:
                await db.Set<FeedItem>().Where(i => i.Id == itemId).ExecuteUpdateAsync(set => set.SetProperty(i => i.ArticleId, duplicate.ExistingId), cancellationToken);
                return new ItemDecision.AlreadyPublished(duplicate.ExistingId, duplicate.ExistingPath);
            case ArticleChange.Invalid(var errors):
                await db.Set<FeedItem>().Where(i => i.Id == itemId).ExecuteUpdateAsync(set => set
                    .SetProperty(i => i.Status, FeedItemStatus.Pending).SetProperty(i => i.DecidedAt, (DateTime?)null), cancellationToken);
                return new ItemDecision.Invalid(errors);
            default:
                throw new InvalidOperationException();
        }
    }

    public async Task<ItemDecision> RejectAsync(int itemId, string? userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var rejected = await db.Set<FeedItem>().Where(i => i.Id == itemId && i.Status == FeedItemStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.Status, FeedItemStatus.Rejected).SetProperty(i => i.DecidedAt, now), cancellationToken);
        if (rejected == 0)
        {
            return new ItemDecision.NotFound();
        }
        audit.Record(userId, "feed-item.reject", $"feed-item:{itemId}", null);
        await db.SaveChangesAsync(cancellationToken);
        return new ItemDecision.Rejected();
    }
}
