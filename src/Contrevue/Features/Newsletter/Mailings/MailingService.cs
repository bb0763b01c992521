using Contrevue.Data;
using System.Security.Claims;
using Contrevue.Features.Accounts;
using Contrevue.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Newsletter.Mailings;

/// <summary>The outcome of a change to a mailing, for the API and the pages alike.</summary>
public abstract record MailingChange
{
    public sealed record Done(Mailing Mailing) : MailingChange;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : MailingChange;
    /// <summary>Unknown, or not one the user organises: it does not exist for them.</summary>
    public sealed record NotFound : MailingChange;
    /// <summary>The user does not organise every list named.</summary>
    public sealed record Forbidden(string Reason) : MailingChange;
    /// <summary>Not in a state that allows it (editing a scheduled mailing, scheduling twice).</summary>
    public sealed record Conflict(string Reason) : MailingChange;
    /// <summary>No confirmed subscriber in the audience: nothing would leave.</summary>
    public sealed record NoAudience(string Reason) : MailingChange;
}

/// <summary>What became of a mailing's deliveries, and the withdrawals through its links.</summary>
public sealed record MailingCounters(int Queued, int Sent, int Failed, int Bounced, int Skipped, int Unsubscribed)
{
    public int Total => Queued + Sent + Failed + Bounced + Skipped;
}

/// <summary>
/// Composing, scheduling, pausing and counting mailings. Only an organiser of every one of a mailing's
/// lists sees it (<see cref="NewsletterPermissions"/>). Scheduling renders the mailing once and queues
/// one delivery per confirmed subscriber of its audience, with one INSERT … SELECT, in the transaction
/// that moves it out of draft: sending twice at once queues once.
/// </summary>
public sealed class MailingService(
    ContrevueDbContext db, NewsletterPermissions permissions, MailingValidator validator, IMailOutbox outbox,
    TimeProvider time, IStringLocalizer<SharedResource> text)
{
    /// <summary>A mailing is scheduled at most this far ahead.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(366);

    /// <summary>The newest mailings an organiser's list shows.</summary>
    public const int MaxListed = 200;

    public async Task<List<Mailing>> ForUserAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var recent = await db.Set<Mailing>().AsNoTracking().OrderByDescending(m => m.Id).Take(MaxListed * 5).ToListAsync(cancellationToken);
        var known = new Dictionary<string, bool>(StringComparer.Ordinal);
        var mine = new List<Mailing>();
        foreach (var mailing in recent)
        {
            var allowed = true;
            foreach (var code in ListCodes(mailing))
            {
                if (!known.TryGetValue(code, out var may))
                {
                    may = NewsletterList.TryParse(code, out var list) && await permissions.MayOrganiseAsync(user, list, cancellationToken);
                    known[code] = may;
                }
                allowed &= may;
            }
            if (allowed && mine.Count < MaxListed)
            {
                mine.Add(mailing);
            }
        }
        return mine;
    }

    /// <summary>The mailing, when the user organises every one of its lists; null otherwise (it does not exist for them).</summary>
    public async Task<Mailing?> FindAsync(ClaimsPrincipal user, int id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = tracked ? db.Set<Mailing>() : db.Set<Mailing>().AsNoTracking();
        var mailing = await query.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        return mailing is not null && await MayOrganiseAsync(user, mailing, cancellationToken) ? mailing : null;
    }

    public async Task<MailingChange> CreateAsync(ClaimsPrincipal user, MailingInput input, CancellationToken cancellationToken)
    {
        var (valid, errors) = await validator.ValidateAsync(input, cancellationToken);
        if (valid is null)
        {
            return new MailingChange.Invalid(errors);
        }
        if (!await permissions.MayOrganiseAllAsync(user, valid.Lists, cancellationToken))
        {
            return new MailingChange.Forbidden(text["Vous n'organisez pas toutes les listes choisies : seuls leurs organisateurs y écrivent."].Value);
        }
        var mailing = new Mailing
        {
            Subject = valid.Subject,
            Markdown = valid.Markdown,
            Lists = valid.ListCodes,
            Topics = valid.TopicCodes,
            Status = MailingStatus.Draft,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
        };
        db.Add(mailing);
        await db.SaveChangesAsync(cancellationToken);
        return new MailingChange.Done(mailing);
    }

    public async Task<MailingChange> UpdateAsync(ClaimsPrincipal user, int id, MailingInput input, CancellationToken cancellationToken)
    {
        if (await FindAsync(user, id, cancellationToken, tracked: true) is not { } mailing)
        {
            return new MailingChange.NotFound();
        }
        if (mailing.Status != MailingStatus.Draft)
        {
            return new MailingChange.Conflict(text["Cette lettre est déjà programmée : elle ne se modifie plus."].Value);
        }
        var (valid, errors) = await validator.ValidateAsync(input, cancellationToken);
        if (valid is null)
        {
            return new MailingChange.Invalid(errors);
        }
        if (!await permissions.MayOrganiseAllAsync(user, valid.Lists, cancellationToken))
        {
            return new MailingChange.Forbidden(text["Vous n'organisez pas toutes les listes choisies : seuls leurs organisateurs y écrivent."].Value);
        }
        mailing.Subject = valid.Subject;
        mailing.Markdown = valid.Markdown;
        mailing.Lists = valid.ListCodes;
        mailing.Topics = valid.TopicCodes;
        mailing.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new MailingChange.Conflict(text["La lettre a changé entre-temps (programmée ou modifiée) : rechargez-la."].Value);
        }
        return new MailingChange.Done(mailing);
    }

    public async Task<MailingChange> DeleteAsync(ClaimsPrincipal user, int id, CancellationToken cancellationToken)
    {
        if (await FindAsync(user, id, cancellationToken, tracked: true) is not { } mailing)
        {
            return new MailingChange.NotFound();
        }
        if (mailing.Status != MailingStatus.Draft)
        {
            return new MailingChange.Conflict(text["Seul un brouillon se supprime : mettez plutôt la lettre en pause."].Value);
        }
        db.Remove(mailing);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new MailingChange.Conflict(text["La lettre a changé entre-temps (programmée ou modifiée) : rechargez-la."].Value);
        }
        return new MailingChange.Done(mailing);
    }

    /// <summary>
    /// Renders the mailing, schedules it (now when <paramref name="at"/> is absent or past) and queues its
    /// deliveries, in one transaction; refused when nobody confirmed is in its audience.
    /// </summary>
    public async Task<MailingChange> ScheduleAsync(ClaimsPrincipal user, int id, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (at is { } chosen && chosen - now > MaxAhead)
        {
            return new MailingChange.Invalid(new() { ["at"] = [text["Une lettre se programme au plus un an à l'avance."].Value] });
        }
        var sendAt = (at is { } when && when > now ? when : now).UtcDateTime;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await FindAsync(user, id, cancellationToken, tracked: true) is not { } mailing)
        {
            return new MailingChange.NotFound();
        }
        if (mailing.Status != MailingStatus.Draft)
        {
            return new MailingChange.Conflict(text["Cette lettre est déjà programmée."].Value);
        }
        mailing.HtmlBody = MailingRendering.Html(mailing.Subject, mailing.Markdown);
        mailing.TextBody = MailingRendering.Text(mailing.Markdown);
        mailing.Status = MailingStatus.Scheduled;
        mailing.ScheduledAt = now.UtcDateTime;
        mailing.SendAt = sendAt;
        mailing.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new MailingChange.Conflict(text["Cette lettre est déjà programmée."].Value);
        }
        var (sql, parameters) = MailingAudience.InsertDeliveries(mailing.Id, ListCodes(mailing), NewsletterTopics.Split(mailing.Topics), sendAt);
        var queued = await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
        if (queued == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return new MailingChange.NoAudience(text["Aucun abonné confirmé dans ces listes et ces thèmes : la lettre ne partirait vers personne."].Value);
        }
        await transaction.CommitAsync(cancellationToken);
        return new MailingChange.Done(mailing);
    }

    public Task<MailingChange> PauseAsync(ClaimsPrincipal user, int id, CancellationToken cancellationToken) =>
        MoveAsync(user, id, MailingStatus.Scheduled, MailingStatus.Paused, text["Seule une lettre programmée et pas encore terminée se met en pause."].Value, cancellationToken);

    public Task<MailingChange> ResumeAsync(ClaimsPrincipal user, int id, CancellationToken cancellationToken) =>
        MoveAsync(user, id, MailingStatus.Paused, MailingStatus.Scheduled, text["Seule une lettre en pause reprend."].Value, cancellationToken);

    private async Task<MailingChange> MoveAsync(ClaimsPrincipal user, int id, MailingStatus from, MailingStatus to, string refusal, CancellationToken cancellationToken)
    {
        if (await FindAsync(user, id, cancellationToken, tracked: true) is not { } mailing)
        {
            return new MailingChange.NotFound();
        }
        if (mailing.Status == to)
        {
            return new MailingChange.Done(mailing);
        }
        if (mailing.Status != from)
        {
            return new MailingChange.Conflict(refusal);
        }
        mailing.Status = to;
        mailing.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Completed by the sending meanwhile, or moved by someone else: say what it is now.
            db.ChangeTracker.Clear();
            return await FindAsync(user, id, cancellationToken) is { } current && current.Status == to
                ? new MailingChange.Done(current)
                : new MailingChange.Conflict(refusal);
        }
        return new MailingChange.Done(mailing);
    }

    public async Task<MailingCounters> CountersAsync(int mailingId, CancellationToken cancellationToken)
    {
        var byStatus = (await db.Set<NewsletterDelivery>().Where(d => d.MailingId == mailingId)
                .GroupBy(d => d.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .ToDictionary(g => g.Status, g => g.Count);
        var unsubscribed = await db.Set<ConsentRecord>()
            .Where(c => c.MailingId == mailingId && c.Action == ConsentAction.Withdrawn)
            .Select(c => c.SubscriberId).Distinct().CountAsync(cancellationToken);
        int Count(DeliveryStatus status) => byStatus.GetValueOrDefault(status);
        return new MailingCounters(
            Count(DeliveryStatus.Pending) + Count(DeliveryStatus.Sending), Count(DeliveryStatus.Sent), Count(DeliveryStatus.Failed),
            Count(DeliveryStatus.Bounced), Count(DeliveryStatus.Skipped), unsubscribed);
    }

    /// <summary>How many confirmed subscribers the mailing reaches now (a draft), or was queued for (once scheduled).</summary>
    public async Task<int> AudienceAsync(Mailing mailing, CancellationToken cancellationToken)
    {
        if (mailing.Status != MailingStatus.Draft)
        {
            return await db.Set<NewsletterDelivery>().CountAsync(d => d.MailingId == mailing.Id, cancellationToken);
        }
        var (sql, parameters) = MailingAudience.Count(ListCodes(mailing), NewsletterTopics.Split(mailing.Topics));
        return await db.Database.SqlQueryRaw<int>(sql, parameters).SingleAsync(cancellationToken);
    }

    /// <summary>
    /// The mailing as it will look, to the organiser's own account address (confirmed), subject prefixed
    /// « [Test] »; the recipient's footer is replaced by a note. Null when the account has no confirmed address.
    /// </summary>
    public async Task<string?> SendTestAsync(ClaimsPrincipal user, Mailing mailing, CancellationToken cancellationToken)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var email = await db.Set<ContrevueUser>().Where(u => u.Id == userId && u.EmailConfirmed && u.Email != null)
            .Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        if (email is null || !EmailAddresses.IsValid(email))
        {
            return null;
        }
        var note = text["Envoi de test : ici figureront, pour chaque abonné, ses liens de préférences et de désinscription."].Value;
        var html = (mailing.HtmlBody ?? MailingRendering.Html(mailing.Subject, mailing.Markdown))
            .Replace(MailingRendering.FooterMarker, $"<p style=\"margin:2em 0 0;font-size:0.85em;color:#4a4a4a;\">{System.Net.WebUtility.HtmlEncode(note)}</p>", StringComparison.Ordinal);
        var body = (mailing.TextBody ?? MailingRendering.Text(mailing.Markdown)) + "\n-- \n" + note + "\n";
        outbox.Enqueue(email, new MailContent("[Test] " + mailing.Subject, body, html));
        await db.SaveChangesAsync(cancellationToken);
        return email;
    }

    public static IReadOnlyList<string> ListCodes(Mailing mailing) => mailing.Lists.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private async Task<bool> MayOrganiseAsync(ClaimsPrincipal user, Mailing mailing, CancellationToken cancellationToken)
    {
        var lists = new List<NewsletterList>();
        foreach (var code in ListCodes(mailing))
        {
            if (!NewsletterList.TryParse(code, out var list))
            {
                return false;
            }
            lists.Add(list);
        }
        return await permissions.MayOrganiseAllAsync(user, lists, cancellationToken);
    }
}
