using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Territories.Mentions;
using Contrevue.Infrastructure.Jobs;
using Contrevue.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Veille.Feeds;

/// <summary>What one poll came to: the items added to the review queue, or the error kept on the feed.</summary>
public sealed record FeedPollResult(int Added, string? Error);

/// <summary>
/// Polls feeds: fetches (<see cref="FeedFetcher"/>), reads (<see cref="FeedParser"/>), keeps the items the feed's
/// keywords select and that no feed brought before (same id, canonical address or title), each with the territories
/// it names, for a moderator to review. Schedules the next poll: the server's <c>Cache-Control: max-age</c> or
/// <c>Retry-After</c> within <see cref="ShortestWait"/>…<see cref="LongestWait"/>, doubling waits after failures,
/// and a pause after <see cref="MaxFailures"/> failures in a row. Several instances poll each feed once: a feed is
/// claimed by a conditional UPDATE of its next poll time before it is fetched.
/// </summary>
public sealed class FeedPoller(ContrevueDbContext db, FeedFetcher fetcher, TerritoryMentions mentions, TimeProvider time, ILogger<FeedPoller> logger)
{
    public static readonly TimeSpan ShortestWait = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LongestWait = TimeSpan.FromHours(24);
    public static readonly TimeSpan DefaultWait = TimeSpan.FromHours(1);
    /// <summary>How long a claimed feed is left to the instance polling it (past the fetch's time limit).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    public const int MaxFailures = 5;
    public const int FeedsPerPass = 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Polls the feeds whose time has come, each claimed first; one feed's failure never stops the others.</summary>
    public async Task<int> PollDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.Set<FeedSubscription>().AsNoTracking()
            .Where(f => !f.Paused && f.NextPollAt <= now)
            .OrderBy(f => f.NextPollAt).Select(f => f.Id).Take(FeedsPerPass).ToListAsync(cancellationToken);
        var polled = 0;
        foreach (var id in due)
        {
            var claimed = await db.Set<FeedSubscription>()
                .Where(f => f.Id == id && !f.Paused && f.NextPollAt <= now)
                .ExecuteUpdateAsync(set => set.SetProperty(f => f.NextPollAt, now + Lease), cancellationToken);
            if (claimed == 1)
            {
                await PollClaimedAsync(id, cancellationToken);
                polled++;
            }
        }
        return polled;
    }

    /// <summary>Polls one feed now, due or not, paused or not (a moderator asked); null when there is no such feed.</summary>
    public async Task<FeedPollResult?> PollNowAsync(int id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await db.Set<FeedSubscription>().Where(f => f.Id == id)
            .ExecuteUpdateAsync(set => set.SetProperty(f => f.NextPollAt, now + Lease), cancellationToken);
        return claimed == 1 ? await PollClaimedAsync(id, cancellationToken) : null;
    }

    private async Task<FeedPollResult?> PollClaimedAsync(int id, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        try
        {
            return await PollAsync(id, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong, the poller goes on to the next feed; this one is tried again when its lease ends.
            logger.LogWarning(exception, "Polling feed {Feed} failed", id);
            db.ChangeTracker.Clear();
            return new FeedPollResult(0, "Erreur interne pendant la lecture du flux : il sera relu plus tard.");
        }
    }

    private async Task<FeedPollResult?> PollAsync(int id, CancellationToken cancellationToken)
    {
        if (await db.Set<FeedSubscription>().SingleOrDefaultAsync(f => f.Id == id, cancellationToken) is not { } feed)
        {
            return null;
        }
        var response = await fetcher.FetchAsync(feed.Url, feed.ETag, feed.LastModified, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var added = 0;
        string? error = null;
        switch (response)
        {
            case FeedResponse.NotModified(var maxAge):
                Succeeded(feed, now, maxAge);
                break;
            case FeedResponse.Failed(var message, var retryAfter):
                error = message;
                Failed(feed, now, message, retryAfter);
                break;
            case FeedResponse.Content content:
                var parsed = FeedParser.Parse(content.Bytes, content.Charset, content.Address);
                if (parsed.Error is not null)
                {
                    error = parsed.Error;
                    Failed(feed, now, parsed.Error, null);
                    break;
                }
                feed.Title ??= parsed.Title is { Length: > 0 } title ? title : null;
                await db.SaveChangesAsync(cancellationToken);
                added = await AddItemsAsync(feed, parsed.Items, now, cancellationToken);
                feed.ETag = content.ETag;
                feed.LastModified = content.LastModified;
                Succeeded(feed, now, content.MaxAge);
                break;
        }
        await db.SaveChangesAsync(cancellationToken);
        if (added > 0)
        {
            logger.LogInformation("Feed {Feed}: {Count} new items to review", feed.Id, added);
            JobMetrics.RecordItems(nameof(FeedPoller), added);
        }
        return new FeedPollResult(added, error);
    }

    private static void Succeeded(FeedSubscription feed, DateTime now, TimeSpan? maxAge)
    {
        feed.ConsecutiveFailures = 0;
        feed.LastSuccessAt = now;
        feed.LastError = null;
        feed.LastErrorAt = null;
        feed.NextPollAt = now + Bounded(maxAge ?? DefaultWait);
    }

    private static void Failed(FeedSubscription feed, DateTime now, string error, TimeSpan? retryAfter)
    {
        feed.ConsecutiveFailures++;
        feed.LastError = error.Length > FeedSubscription.MaxErrorLength ? error[..FeedSubscription.MaxErrorLength] : error;
        feed.LastErrorAt = now;
        var backOff = ShortestWait * Math.Pow(2, Math.Min(feed.ConsecutiveFailures - 1, 10));
        feed.NextPollAt = now + Bounded(retryAfter ?? backOff);
        if (feed.ConsecutiveFailures >= MaxFailures)
        {
            feed.Paused = true;
        }
    }

    public static TimeSpan Bounded(TimeSpan wait) => wait < ShortestWait ? ShortestWait : wait > LongestWait ? LongestWait : wait;

    /// <summary>Adds the items the keywords select and no feed brought before; returns how many.</summary>
    private async Task<int> AddItemsAsync(FeedSubscription feed, IReadOnlyList<ParsedItem> items, DateTime now, CancellationToken cancellationToken)
    {
        var keywords = FeedKeywords.Normalized(feed.KeywordList);
        var fresh = new List<FeedItem>();
        var guids = new HashSet<string>(StringComparer.Ordinal);
        var urls = new HashSet<string>(StringComparer.Ordinal);
        var titles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!FeedKeywords.Match(keywords, item.Title, item.Summary))
            {
                continue;
            }
            var canonical = ArticleUrl.Canonicalize(item.Url);
            var normalized = NormalizedTitle(item.Title, item.SourceId);
            if (!guids.Add(item.SourceId) || (canonical is not null && !urls.Add(canonical)) || !titles.Add(normalized))
            {
                continue;
            }
            fresh.Add(new FeedItem
            {
                FeedId = feed.Id, SourceId = item.SourceId, Url = item.Url, CanonicalUrl = canonical, NormalizedTitle = normalized, Title = item.Title,
                Summary = item.Summary, Author = item.Author, Outlet = feed.Title ?? new Uri(feed.Url).Host,
                PublishedAt = item.PublishedAt?.UtcDateTime, FetchedAt = now,
            });
        }
        if (fresh.Count == 0)
        {
            return 0;
        }
        var guidList = guids.ToList();
        var urlList = urls.ToList();
        var titleList = titles.ToList();
        var known = await db.Set<FeedItem>().AsNoTracking()
            .Where(i => guidList.Contains(i.SourceId) || (i.CanonicalUrl != null && urlList.Contains(i.CanonicalUrl)) || titleList.Contains(i.NormalizedTitle))
            .Select(i => new { i.SourceId, i.CanonicalUrl, i.NormalizedTitle }).ToListAsync(cancellationToken);
        var published = await db.Set<Article>().AsNoTracking().Where(a => urlList.Contains(a.CanonicalUrl)).Select(a => a.CanonicalUrl).ToListAsync(cancellationToken);
        var knownGuids = known.Select(k => k.SourceId).ToHashSet(StringComparer.Ordinal);
        var knownUrls = known.Select(k => k.CanonicalUrl).OfType<string>().Concat(published).ToHashSet(StringComparer.Ordinal);
        var knownTitles = known.Select(k => k.NormalizedTitle).ToHashSet(StringComparer.Ordinal);
        fresh = [.. fresh.Where(i => !knownGuids.Contains(i.SourceId) && (i.CanonicalUrl is null || !knownUrls.Contains(i.CanonicalUrl)) && !knownTitles.Contains(i.NormalizedTitle))];
        foreach (var item in fresh)
        {
            var found = await mentions.FindAsync($"{item.Title}\n{item.Summary}", cancellationToken);
            // A hundred names are plenty for one article, and keep the column's bound.
            item.SuggestedTerritories = JsonSerializer.Serialize(found.Take(100).Select(m => m with { Candidates = [.. m.Candidates.Take(20)] }), Json);
        }
        db.AddRange(fresh);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return fresh.Count;
        }
        catch (DbUpdateException)
        {
            // Another instance (another feed) added one of them meanwhile: each alone, the others kept.
            foreach (var item in fresh)
            {
                db.Entry(item).State = Microsoft.EntityFrameworkCore.EntityState.Detached;
            }
            var added = 0;
            foreach (var item in fresh)
            {
                item.Id = 0;
                db.Add(item);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    added++;
                }
                catch (DbUpdateException)
                {
                    db.Entry(item).State = Microsoft.EntityFrameworkCore.EntityState.Detached;
                }
            }
            return added;
        }
    }

    /// <summary>The title as compared across feeds: lower case, without accents, punctuation or repeated spaces.</summary>
    public static string NormalizedTitle(string title, string sourceId)
    {
        var normalized = SearchText.Normalize(title);
        if (normalized.Length == 0)
        {
            // A title of signs only: its item is told from others by its id.
            normalized = "#" + sourceId;
        }
        return normalized.Length > Article.MaxTitleLength * 2 ? normalized[..(Article.MaxTitleLength * 2)] : normalized;
    }
}
