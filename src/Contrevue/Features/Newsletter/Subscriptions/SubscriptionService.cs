using System.Globalization;
using Contrevue.Data;
using Contrevue.Features.Collectives;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Mail;
using Contrevue.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Newsletter.Subscriptions;

/// <summary>A subscription as the forms and the API send it: list codes and topic codes.</summary>
public sealed record SubscriptionInput(string? Email, IReadOnlyList<string?>? Lists, IReadOnlyList<string?>? Topics);

public abstract record SubscribeOutcome
{
    private SubscribeOutcome()
    {
    }

    /// <summary>Whatever the address's state: the answer never tells whether it is known.</summary>
    public sealed record Accepted : SubscribeOutcome;

    /// <summary>French errors by field (email, lists, topics).</summary>
    public sealed record Invalid(Dictionary<string, string[]> Errors) : SubscribeOutcome;
}

public enum ConfirmOutcome
{
    /// <summary>The link is forged, expired or names nobody.</summary>
    Invalid,
    Confirmed,
    /// <summary>A confirmed subscriber's pending request applied.</summary>
    Changed,
    AlreadyConfirmed,
}

/// <summary>What a confirmation page shows before the button: the lists and topics the POST will apply.</summary>
public sealed record PendingView(IReadOnlyList<string> ListNames, IReadOnlyList<string> Topics, bool AlreadyConfirmed);

/// <summary>
/// Subscribing with double opt-in, confirming, the preferences, unsubscribing and the consent log.
/// The one rule against bots subscribing their victims: a confirmation e-mail is claimed by a
/// conditional UPDATE of <see cref="Subscriber.ConfirmationSentAt"/>, so that an address receives at
/// most one a day whoever asks and however many ask at once; a request that does not win the claim
/// changes nothing.
/// </summary>
public sealed class SubscriptionService(
    ContrevueDbContext db, IMailOutbox mail, DepartementNames departements, CollectiveDirectory collectives, NewsletterLinks links, TimeProvider time)
{
    public const int MaxLists = 20;
    public static readonly TimeSpan ConfirmationInterval = TimeSpan.FromDays(1);

    public const string NoListError = "Choisissez au moins une lettre.";
    public const string TooManyListsError = "Vingt lettres au plus.";
    public const string UnknownListError = "Lettre inconnue : national, departement:42 (un département qui existe) ou collective:7 (un collectif qui a ouvert sa lettre).";
    public const string UnknownTopicError = "Sujet inconnu : choisissez parmi campaign, observatoire, legal, events.";
    public const string EmailError = "Indiquez une adresse e-mail valide (par exemple camille@exemple.org).";

    public static string NormalizeEmail(string? email) => (email ?? "").Trim().ToLowerInvariant();

    /// <summary>The lists named by codes, checked: shape, département that exists, collective whose list is open.</summary>
    public async Task<(List<NewsletterList> Lists, string? Error)> ReadListsAsync(
        IReadOnlyList<string?>? codes, IReadOnlyCollection<string>? alreadyHeld, CancellationToken cancellationToken)
    {
        var given = (codes ?? []).Select(c => (c ?? "").Trim()).Where(c => c.Length > 0).ToList();
        if (given.Count == 0)
        {
            return ([], NoListError);
        }
        if (given.Count > MaxLists)
        {
            return ([], TooManyListsError);
        }
        var lists = new List<NewsletterList>();
        foreach (var code in given)
        {
            if (!NewsletterList.TryParse(code, out var list))
            {
                return ([], UnknownListError);
            }
            if (lists.Contains(list))
            {
                continue;
            }
            // A list the subscriber already has may be kept even if its collective closed it since.
            var exists = alreadyHeld?.Contains(list.Code) == true || list.Kind switch
            {
                NewsletterListKind.National => true,
                NewsletterListKind.Departement => await departements.ExistsAsync(list.DepartementCode!, cancellationToken),
                _ => await IsOpenAsync(list.CollectiveId!.Value, cancellationToken),
            };
            if (!exists)
            {
                return ([], UnknownListError);
            }
            lists.Add(list);
        }
        return (lists, null);
    }

    public static (string? Topics, string? Error) ReadTopics(IReadOnlyList<string?>? codes)
    {
        var given = (codes ?? []).Select(c => (c ?? "").Trim()).Where(c => c.Length > 0).Distinct().ToList();
        return given.Any(c => !NewsletterTopics.IsKnown(c)) || given.Count > NewsletterTopics.All.Count
            ? (null, UnknownTopicError)
            : (NewsletterTopics.Join(given), null);
    }

    /// <param name="method">form or api.</param>
    /// <param name="wording">The consent text shown with the form, as the person read it.</param>
    public async Task<SubscribeOutcome> SubscribeAsync(SubscriptionInput input, string method, string wording, string siteUrl, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var email = NormalizeEmail(input.Email);
        if (!EmailAddresses.IsValid(email))
        {
            errors["email"] = [EmailError];
        }
        var (lists, listError) = await ReadListsAsync(input.Lists, null, cancellationToken);
        if (listError is not null)
        {
            errors["lists"] = [listError];
        }
        var (topics, topicError) = ReadTopics(input.Topics);
        if (topicError is not null)
        {
            errors["topics"] = [topicError];
        }
        if (errors.Count > 0)
        {
            return new SubscribeOutcome.Invalid(errors);
        }
        var request = new PendingSubscription([.. lists.Select(l => l.Code)], topics!, method, wording);
        var names = await ListNamesAsync(lists, cancellationToken);
        if (!await TryCreateAsync(email, request, names, siteUrl, cancellationToken))
        {
            await RequestAgainAsync(email, request, names, siteUrl, cancellationToken);
        }
        return new SubscribeOutcome.Accepted();
    }

    /// <summary>A new address: the subscriber, its lists, the consent record and the confirmation, in one transaction; false when the address exists.</summary>
    private async Task<bool> TryCreateAsync(string email, PendingSubscription request, IReadOnlyList<string> names, string siteUrl, CancellationToken cancellationToken)
    {
        if (await db.Set<Subscriber>().AnyAsync(s => s.Email == email, cancellationToken))
        {
            return false;
        }
        var now = Now;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subscriber = new Subscriber
        {
            Email = email,
            Status = SubscriberStatus.Unconfirmed,
            Topics = request.Topics,
            CreatedAt = now,
            // Created with its one confirmation: the unique address decides which of concurrent requests sends it.
            ConfirmationSentAt = now,
            Subscriptions = [.. request.Lists.Select(code => new NewsletterSubscription { ListCode = code, SubscribedAt = now })],
        };
        db.Add(subscriber);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request created the address meanwhile: it sent the confirmation.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return await db.Set<Subscriber>().AnyAsync(s => s.Email == email, cancellationToken) ? false : throw new InvalidOperationException("Abonné introuvable après un conflit.");
        }
        db.Add(Record(subscriber.Id, ConsentAction.Requested, request.Lists, request.Topics, request.Method, request.Wording));
        mail.Enqueue(email, ConfirmationMail(subscriber.Id, names, siteUrl));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// A known address: the request is kept as pending (a confirmed subscriber's lists never change by a form
    /// anybody can submit) and a confirmation sent — only if this request wins the day's claim.
    /// </summary>
    private async Task RequestAgainAsync(string email, PendingSubscription request, IReadOnlyList<string> names, string siteUrl, CancellationToken cancellationToken)
    {
        var now = Now;
        var dayAgo = now - ConfirmationInterval;
        var pending = request.ToJson();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.Set<Subscriber>()
            .Where(s => s.Email == email && (s.ConfirmationSentAt == null || s.ConfirmationSentAt <= dayAgo))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ConfirmationSentAt, now).SetProperty(s => s.PendingRequest, pending), cancellationToken);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return;
        }
        var id = await db.Set<Subscriber>().Where(s => s.Email == email).Select(s => s.Id).FirstAsync(cancellationToken);
        db.Add(Record(id, ConsentAction.Requested, request.Lists, request.Topics, request.Method, request.Wording));
        mail.Enqueue(email, ConfirmationMail(id, names, siteUrl));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Claims the day's confirmation of an existing subscriber (an import without stated consent) and queues it,
    /// without saving: the caller saves. False when one was sent less than a day ago.
    /// </summary>
    internal async Task<bool> ClaimAndQueueConfirmationAsync(Subscriber subscriber, IReadOnlyList<string> names, string siteUrl, CancellationToken cancellationToken)
    {
        var now = Now;
        var dayAgo = now - ConfirmationInterval;
        var claimed = await db.Set<Subscriber>()
            .Where(s => s.Id == subscriber.Id && (s.ConfirmationSentAt == null || s.ConfirmationSentAt <= dayAgo))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ConfirmationSentAt, now), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }
        subscriber.ConfirmationSentAt = now;
        mail.Enqueue(subscriber.Email, ConfirmationMail(subscriber.Id, names, siteUrl));
        return true;
    }

    /// <summary>Queues the confirmation of a subscriber created with its claim (<see cref="Subscriber.ConfirmationSentAt"/> set), without saving.</summary>
    internal void QueueConfirmation(Subscriber subscriber, IReadOnlyList<string> names, string siteUrl) =>
        mail.Enqueue(subscriber.Email, ConfirmationMail(subscriber.Id, names, siteUrl));

    internal MailContent ConfirmationMail(int subscriberId, IReadOnlyList<string> names, string siteUrl) =>
        SubscriptionMails.Confirmation(names, NewsletterLinks.ConfirmationUrl(siteUrl.TrimEnd('/'), links.ConfirmationToken(subscriberId)), (int)NewsletterLinks.ConfirmationLifetime.TotalDays);

    /// <summary>What the confirmation link's POST will apply; null for a forged, expired or orphan link.</summary>
    public async Task<PendingView?> PendingAsync(string? token, CancellationToken cancellationToken)
    {
        if (links.ReadConfirmationToken(token) is not { } id
            || await db.Set<Subscriber>().AsNoTracking().Include(s => s.Subscriptions).FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } subscriber)
        {
            return null;
        }
        var pending = PendingSubscription.FromJson(subscriber.PendingRequest);
        var (lists, topics) = pending is null
            ? (subscriber.Subscriptions.Select(s => s.ListCode).ToList(), subscriber.Topics)
            : Merge(subscriber, pending);
        return new PendingView(await ListNamesAsync(Parse(lists), cancellationToken), TopicLabels(topics),
            subscriber.Status == SubscriberStatus.Confirmed && pending is null);
    }

    /// <summary>The confirmation button: the address becomes confirmed, or its pending request applies.</summary>
    public async Task<ConfirmOutcome> ConfirmAsync(string? token, string wording, CancellationToken cancellationToken)
    {
        if (links.ReadConfirmationToken(token) is not { } id
            || await db.Set<Subscriber>().Include(s => s.Subscriptions).FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } subscriber)
        {
            return ConfirmOutcome.Invalid;
        }
        var pending = PendingSubscription.FromJson(subscriber.PendingRequest);
        if (subscriber.Status == SubscriberStatus.Confirmed && pending is null)
        {
            return ConfirmOutcome.AlreadyConfirmed;
        }
        var now = Now;
        var wasConfirmed = subscriber.Status == SubscriberStatus.Confirmed;
        if (pending is not null)
        {
            var (lists, topics) = Merge(subscriber, pending);
            SetLists(subscriber, lists, now);
            subscriber.Topics = topics;
        }
        subscriber.Status = SubscriberStatus.Confirmed;
        subscriber.ConfirmedAt = now;
        subscriber.UnsubscribedAt = null;
        subscriber.BouncedAt = null;
        subscriber.SoftBounceCount = 0;
        subscriber.PendingRequest = null;
        db.Add(Record(subscriber.Id, wasConfirmed ? ConsentAction.Changed : ConsentAction.Confirmed,
            subscriber.Subscriptions.Select(s => s.ListCode), subscriber.Topics, pending?.Method ?? "form", wording));
        await db.SaveChangesAsync(cancellationToken);
        return wasConfirmed ? ConfirmOutcome.Changed : ConfirmOutcome.Confirmed;
    }

    /// <summary>
    /// A confirmed subscriber adds lists (and topics: « all » stays all); anyone else (unconfirmed, unsubscribed,
    /// bounced) takes exactly what they asked for.
    /// </summary>
    private static (List<string> Lists, string Topics) Merge(Subscriber subscriber, PendingSubscription pending)
    {
        if (subscriber.Status != SubscriberStatus.Confirmed)
        {
            return ([.. pending.Lists], pending.Topics);
        }
        var lists = subscriber.Subscriptions.Select(s => s.ListCode).Union(pending.Lists).ToList();
        var topics = subscriber.Topics.Length == 0 || pending.Topics.Length == 0
            ? ""
            : NewsletterTopics.Join(NewsletterTopics.Split(subscriber.Topics).Union(NewsletterTopics.Split(pending.Topics)));
        return (lists, topics);
    }

    private static void SetLists(Subscriber subscriber, IReadOnlyCollection<string> lists, DateTime now)
    {
        subscriber.Subscriptions.RemoveAll(s => !lists.Contains(s.ListCode));
        foreach (var code in lists.Where(code => subscriber.Subscriptions.All(s => s.ListCode != code)))
        {
            subscriber.Subscriptions.Add(new NewsletterSubscription { SubscriberId = subscriber.Id, ListCode = code, SubscribedAt = now });
        }
    }

    /// <summary>The subscriber a preferences link names, with its lists; null when there is none.</summary>
    public Task<Subscriber?> FindAsync(int id, CancellationToken cancellationToken) =>
        db.Set<Subscriber>().AsNoTracking().Include(s => s.Subscriptions).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    public async Task<IReadOnlyList<ConsentRecord>> ConsentLogAsync(int subscriberId, CancellationToken cancellationToken) =>
        await db.Set<ConsentRecord>().AsNoTracking().Where(c => c.SubscriberId == subscriberId)
            .OrderBy(c => c.At).ThenBy(c => c.Id).ToListAsync(cancellationToken);

    /// <summary>The preferences page: the person (holding the signed link) chooses lists and topics; null when it is done, otherwise French errors.</summary>
    public async Task<Dictionary<string, string[]>?> ChangeAsync(int subscriberId, IReadOnlyList<string?>? listCodes, IReadOnlyList<string?>? topicCodes, string wording, CancellationToken cancellationToken)
    {
        var subscriber = await db.Set<Subscriber>().Include(s => s.Subscriptions).FirstOrDefaultAsync(s => s.Id == subscriberId, cancellationToken);
        if (subscriber is null)
        {
            return new() { [""] = ["Abonnement introuvable."] };
        }
        var errors = new Dictionary<string, string[]>();
        var (lists, listError) = await ReadListsAsync(listCodes, subscriber.Subscriptions.Select(s => s.ListCode).ToHashSet(), cancellationToken);
        if (listError is not null)
        {
            errors["lists"] = [listError == NoListError ? "Choisissez au moins une lettre, ou désabonnez-vous de tout." : listError];
        }
        var (topics, topicError) = ReadTopics(topicCodes);
        if (topicError is not null)
        {
            errors["topics"] = [topicError];
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        var now = Now;
        var action = subscriber.Status == SubscriberStatus.Confirmed ? ConsentAction.Changed : ConsentAction.Confirmed;
        SetLists(subscriber, [.. lists.Select(l => l.Code)], now);
        subscriber.Topics = topics!;
        if (subscriber.Status != SubscriberStatus.Confirmed)
        {
            // The signed link reached the mailbox: its holder may come back.
            (subscriber.Status, subscriber.ConfirmedAt, subscriber.UnsubscribedAt, subscriber.BouncedAt) = (SubscriberStatus.Confirmed, now, null, null);
        }
        subscriber.PendingRequest = null;
        db.Add(Record(subscriber.Id, action, subscriber.Subscriptions.Select(s => s.ListCode), subscriber.Topics, "preferences", wording));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Unsubscribes from everything (preferences page, one-click link); false when there is nobody to unsubscribe.</summary>
    /// <param name="method">preferences, one-click, mailto…</param>
    public async Task<bool> UnsubscribeAsync(int subscriberId, string method, int? mailingId, CancellationToken cancellationToken)
    {
        var subscriber = await db.Set<Subscriber>().Include(s => s.Subscriptions).FirstOrDefaultAsync(s => s.Id == subscriberId, cancellationToken);
        if (subscriber is null)
        {
            return false;
        }
        if (subscriber.Status == SubscriberStatus.Unsubscribed && subscriber.Subscriptions.Count == 0)
        {
            return true;
        }
        subscriber.Status = SubscriberStatus.Unsubscribed;
        subscriber.UnsubscribedAt = Now;
        subscriber.PendingRequest = null;
        subscriber.Subscriptions.Clear();
        var record = Record(subscriber.Id, ConsentAction.Withdrawn, [], subscriber.Topics, method, null);
        record.MailingId = mailingId;
        db.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    // ---- Collective lists

    public Task<bool> IsOpenAsync(int collectiveId, CancellationToken cancellationToken) =>
        db.Set<CollectiveNewsletter>().AnyAsync(c => c.CollectiveId == collectiveId, cancellationToken);

    public async Task SetOpenAsync(int collectiveId, bool open, CancellationToken cancellationToken)
    {
        if (open && !await IsOpenAsync(collectiveId, cancellationToken))
        {
            db.Add(new CollectiveNewsletter { CollectiveId = collectiveId, OpenedAt = Now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Opened by another member at the same instant.
                db.ChangeTracker.Clear();
            }
        }
        else if (!open)
        {
            await db.Set<CollectiveNewsletter>().Where(c => c.CollectiveId == collectiveId).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>Listed collectives whose list is open, for the public form: name by id.</summary>
    public async Task<IReadOnlyList<PublicCollective>> OpenListedCollectivesAsync(CancellationToken cancellationToken)
    {
        var ids = await db.Set<CollectiveNewsletter>().Select(c => c.CollectiveId).ToListAsync(cancellationToken);
        return ids.Count == 0 ? [] : [.. (await collectives.PublicAsync(ids, cancellationToken)).Values.Where(c => c.ProfilePath is not null).OrderBy(c => c.Name, StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), true))];
    }

    // ---- Names

    public async Task<List<string>> ListNamesAsync(IEnumerable<NewsletterList> lists, CancellationToken cancellationToken)
    {
        var all = lists.ToList();
        var departementNames = all.Any(l => l.Kind == NewsletterListKind.Departement)
            ? (await departements.AllAsync(cancellationToken)).ToDictionary(d => d.Code, d => d.Name)
            : [];
        var collectiveIds = all.Where(l => l.Kind == NewsletterListKind.Collective).Select(l => l.CollectiveId!.Value).ToList();
        var collectiveNames = collectiveIds.Count == 0 ? [] : await collectives.NamesAsync(collectiveIds, cancellationToken);
        return [.. all.Select(l => l.Kind switch
        {
            NewsletterListKind.National => "la lettre nationale",
            NewsletterListKind.Departement => $"la lettre du département {departementNames.GetValueOrDefault(l.DepartementCode!, l.DepartementCode!)} ({l.DepartementCode})",
            _ => $"la lettre du collectif « {collectiveNames.GetValueOrDefault(l.CollectiveId!.Value, l.Code)} »",
        })];
    }

    public static List<NewsletterList> Parse(IEnumerable<string> codes) =>
        [.. codes.Select(c => NewsletterList.TryParse(c, out var list) ? list : (NewsletterList?)null).OfType<NewsletterList>()];

    public static IReadOnlyList<string> TopicLabels(string topics) =>
        topics.Length == 0 ? ["tous les sujets"] : [.. NewsletterTopics.Split(topics).Select(NewsletterTopics.Label)];

    internal ConsentRecord Record(int subscriberId, ConsentAction action, IEnumerable<string> lists, string topics, string method, string? wording) => new()
    {
        SubscriberId = subscriberId,
        At = Now,
        Action = action,
        Lists = string.Join(',', lists),
        Topics = topics,
        Method = method,
        Wording = wording is null ? null : wording.Length > ConsentRecord.MaxWordingLength ? wording[..ConsentRecord.MaxWordingLength] : wording,
    };

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}
