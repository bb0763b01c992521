using System.Text;
using Contrevue.Data;
using Contrevue.Infrastructure.Mail;
using Contrevue.Infrastructure.Web;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Newsletter.Subscriptions;

/// <summary>An import's outcome: the French errors by line (then nothing was imported), or what was done.</summary>
/// <summary>A French message (a format key when <paramref name="Detail"/> is given: the line number, the parser's words).</summary>
public sealed record ImportError(string Message, object? Detail = null)
{
    public static implicit operator ImportError(string message) => new(message);
}

public sealed record ImportResult(IReadOnlyList<ImportError> Errors, int Added = 0, int Confirmations = 0, int Skipped = 0)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Organisers bring their existing subscribers (CSV with an <c>email</c> column) into one list, always
/// with a stated legal basis. Stated prior consent: confirmed at once (consent « imported » with the
/// statement); otherwise unconfirmed, and each address receives the one confirmation (same daily cap).
/// An address that withdrew is never subscribed again by an import. All or nothing.
/// </summary>
public sealed class SubscriberImport(ContrevueDbContext db, SubscriptionService subscriptions, TimeProvider time)
{
    public const long MaxBytes = 2 * 1024 * 1024;
    public const int MaxRows = 20_000;
    public const int MaxStatementLength = 900;
    public const int MaxErrorsShown = 50;

    public async Task<ImportResult> ImportAsync(
        Stream file, NewsletterList list, string? statement, bool priorConsent, string actorUserId, string siteUrl, CancellationToken cancellationToken)
    {
        statement = statement?.Trim().ReplaceLineEndings("\n");
        if (string.IsNullOrEmpty(statement))
        {
            return new ImportResult(["Indiquez la base légale de cet import (par exemple : « abonnés de notre ancienne lettre, inscrits par notre formulaire »)."]);
        }
        if (statement.Length > MaxStatementLength || !InputText.IsAcceptable(statement, multiLine: true))
        {
            return new ImportResult(["La base légale est limitée à 900 caractères, sans caractère de contrôle."]);
        }
        var (emails, errors) = await ReadAsync(file, cancellationToken);
        if (errors.Count > 0)
        {
            return new ImportResult(errors);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var fullStatement = $"{statement}\n— Consentement préalable déclaré par l'organisateur : {(priorConsent ? "oui" : "non")}.";
        var names = await subscriptions.ListNamesAsync([list], cancellationToken);
        var (added, confirmations, skipped) = (0, 0, 0);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var chunk in emails.Chunk(500))
        {
            var existing = await db.Set<Subscriber>().Include(s => s.Subscriptions).Where(s => chunk.Contains(s.Email))
                .ToDictionaryAsync(s => s.Email, cancellationToken);
            var created = new List<Subscriber>();
            foreach (var email in chunk)
            {
                if (!existing.TryGetValue(email, out var subscriber))
                {
                    subscriber = new Subscriber
                    {
                        Email = email,
                        Status = priorConsent ? SubscriberStatus.Confirmed : SubscriberStatus.Unconfirmed,
                        CreatedAt = now,
                        ConfirmedAt = priorConsent ? now : null,
                        ConfirmationSentAt = priorConsent ? null : now,
                        Subscriptions = [new NewsletterSubscription { ListCode = list.Code, SubscribedAt = now }],
                    };
                    db.Add(subscriber);
                    created.Add(subscriber);
                    added++;
                    continue;
                }
                // Withdrew or bounced: an organiser's file does not bring the address back.
                if (subscriber.Status is SubscriberStatus.Unsubscribed or SubscriberStatus.Bounced)
                {
                    skipped++;
                    continue;
                }
                if (subscriber.Status == SubscriberStatus.Confirmed && !priorConsent)
                {
                    // A confirmed address's lists change only by its own confirmation.
                    var pending = new PendingSubscription([list.Code], "", "import", null);
                    if (subscriber.Subscriptions.Any(s => s.ListCode == list.Code) || !await subscriptions.ClaimAndQueueConfirmationAsync(subscriber, names, siteUrl, cancellationToken))
                    {
                        skipped++;
                        continue;
                    }
                    subscriber.PendingRequest = pending.ToJson();
                    confirmations++;
                    db.Add(Imported(subscriber, list, fullStatement, actorUserId, [.. subscriber.Subscriptions.Select(s => s.ListCode)]));
                    continue;
                }
                if (subscriber.Subscriptions.All(s => s.ListCode != list.Code))
                {
                    subscriber.Subscriptions.Add(new NewsletterSubscription { SubscriberId = subscriber.Id, ListCode = list.Code, SubscribedAt = now });
                }
                if (priorConsent && subscriber.Status == SubscriberStatus.Unconfirmed)
                {
                    (subscriber.Status, subscriber.ConfirmedAt) = (SubscriberStatus.Confirmed, now);
                }
                else if (!priorConsent && await subscriptions.ClaimAndQueueConfirmationAsync(subscriber, names, siteUrl, cancellationToken))
                {
                    confirmations++;
                }
                added++;
                db.Add(Imported(subscriber, list, fullStatement, actorUserId, [.. subscriber.Subscriptions.Select(s => s.ListCode)]));
            }
            await db.SaveChangesAsync(cancellationToken);
            foreach (var subscriber in created)
            {
                db.Add(Imported(subscriber, list, fullStatement, actorUserId, [list.Code]));
                if (!priorConsent)
                {
                    subscriptions.QueueConfirmation(subscriber, names, siteUrl);
                    confirmations++;
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        await transaction.CommitAsync(cancellationToken);
        return new ImportResult([], added, confirmations, skipped);
    }

    private ConsentRecord Imported(Subscriber subscriber, NewsletterList list, string statement, string actorUserId, IReadOnlyList<string> lists)
    {
        var record = subscriptions.Record(subscriber.Id, ConsentAction.Imported, lists.Count == 0 ? [list.Code] : lists, subscriber.Topics, "import", null);
        record.Statement = statement;
        record.ActorUserId = actorUserId;
        return record;
    }

    /// <summary>The addresses of the file, lower-cased and without duplicates; or every bad line, in French.</summary>
    public const string LineError = "Ligne {0} : adresse e-mail invalide ou absente.";
    public const string UnreadableError = "CSV illisible : {0}";

    public static async Task<(List<string> Emails, List<ImportError> Errors)> ReadAsync(Stream file, CancellationToken cancellationToken)
    {
        var errors = new List<ImportError>();
        var emails = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string text;
        try
        {
            using var reader = new StreamReader(file, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            text = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            return ([], ["Le fichier n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 »."]);
        }
        var firstLine = text.AsSpan()[..Math.Max(0, text.AsSpan().IndexOfAny('\r', '\n') is var end and >= 0 ? end : text.Length)];
        var separator = firstLine.Contains(';') ? ';' : firstLine.Contains('\t') ? '\t' : ',';
        var options = new CsvReaderOptions
        {
            Separator = separator,
            HasHeader = false,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            DetectSeparatorHint = false,
            AllowLineBreaksInQuotes = false,
        };
        try
        {
            using var csv = CsvReader.FromText(text, options);
            var column = -1;
            var rows = 0;
            while (csv.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var line = (int)csv.LineNumber;
                if (column < 0)
                {
                    for (var i = 0; i < csv.FieldCount; i++)
                    {
                        if (csv.GetString(i).Trim().Trim('\uFEFF').Equals("email", StringComparison.OrdinalIgnoreCase))
                        {
                            column = i;
                        }
                    }
                    if (column < 0)
                    {
                        return ([], ["La première ligne doit nommer les colonnes, dont une colonne « email »."]);
                    }
                    continue;
                }
                if (++rows > MaxRows)
                {
                    return ([], ["Le fichier dépasse 20 000 lignes : découpez-le."]);
                }
                var email = column < csv.FieldCount ? SubscriptionService.NormalizeEmail(csv.GetString(column)) : "";
                if (!EmailAddresses.IsValid(email))
                {
                    if (errors.Count < MaxErrorsShown)
                    {
                        errors.Add(new ImportError(LineError, line));
                    }
                    else if (errors.Count == MaxErrorsShown)
                    {
                        errors.Add("… et d'autres lignes encore.");
                    }
                    continue;
                }
                if (seen.Add(email))
                {
                    emails.Add(email);
                }
            }
            if (column < 0)
            {
                return ([], ["Le fichier est vide."]);
            }
        }
        catch (CsvFormatException exception)
        {
            return ([], [new ImportError(UnreadableError, exception.Message.Split('\n')[0])]);
        }
        if (errors.Count == 0 && emails.Count == 0)
        {
            errors.Add("Le fichier ne contient aucune adresse.");
        }
        return (emails, errors);
    }

    /// <summary>A list's confirmed subscribers, for the CSV export: address, topics, when confirmed.</summary>
    public async Task<List<(string Email, string Topics, DateTime? ConfirmedAt)>> ConfirmedAsync(NewsletterList list, CancellationToken cancellationToken)
    {
        var code = list.Code;
        var rows = await db.Set<Subscriber>().AsNoTracking()
            .Where(s => s.Status == SubscriberStatus.Confirmed && s.Subscriptions.Any(l => l.ListCode == code))
            .OrderBy(s => s.Email).Select(s => new { s.Email, s.Topics, s.ConfirmedAt }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.Email, r.Topics, r.ConfirmedAt))];
    }
}
