using System.Globalization;
using Contrevue.Data;
using Contrevue.Features.Moderation;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Mail;
using Contrevue.Infrastructure.Time;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Campaigns.Tracking;

/// <summary>What a sender answers from a follow-up e-mail, without an account.</summary>
public enum FollowUpChoice
{
    NotYet,
    Stop,
    Committed,
    Partial,
    Refused,
    Evasive,
}

public sealed record FollowUpLink(int RequestId, string CampaignSlug, string CampaignTitle, TerritoryReference Territory, string TerritoryName, FollowUpEnd? Ended, bool Pending);

/// <summary>
/// The follow-up e-mails ("la mairie a-t-elle répondu ?") on the campaign's days after sending, at
/// most two; their links carry a protected request number, so answering needs no account. The
/// address is erased when the follow-up ends: answered, stopped, last e-mail sent, or 90 days old.
/// </summary>
public sealed class FollowUps(
    ContrevueDbContext db, IMailOutbox mail, IDataProtectionProvider protection, CampaignResponses responses, TimeProvider time)
{
    public const int RetentionDays = 90;

    public static readonly (FollowUpChoice Choice, string Code, string Label)[] Choices =
    [
        (FollowUpChoice.Committed, "committed", "Oui : elle s'engage à ne pas déployer de VSA"),
        (FollowUpChoice.Partial, "partial", "Oui : un engagement partiel"),
        (FollowUpChoice.Refused, "refused", "Oui : elle refuse de s'engager"),
        (FollowUpChoice.Evasive, "evasive", "Oui : une réponse évasive"),
        (FollowUpChoice.NotYet, "not-yet", "Pas encore de réponse"),
        (FollowUpChoice.Stop, "stop", "Ne plus me relancer"),
    ];

    private readonly IDataProtector _links = protection.CreateProtector("Contrevue.Campaigns.FollowUp.v1");

    public string TokenOf(int requestId) => _links.Protect(requestId.ToString(CultureInfo.InvariantCulture));

    public static string PathOf(string token, string? choice = null) =>
        $"/campagnes/suivi/{Uri.EscapeDataString(token)}" + (choice is null ? "" : $"?choix={choice}");

    /// <summary>Sends the follow-ups due at <paramref name="now"/> and erases the addresses whose time is over. Safe with several instances.</summary>
    public async Task<int> SendDueAsync(DateTimeOffset now, string siteUrl, CancellationToken cancellationToken)
    {
        var nowUtc = now.UtcDateTime;
        await db.Set<CampaignRequest>()
            .Where(r => r.ContactEmail != null && r.CreatedAt <= nowUtc.AddDays(-RetentionDays))
            .ExecuteUpdateAsync(update => update
                .SetProperty(r => r.ContactEmail, (string?)null)
                .SetProperty(r => r.FollowUpEnd, FollowUpEnd.Expired)
                .SetProperty(r => r.FollowUpEndedAt, nowUtc), cancellationToken);

        var today = ParisCalendar.DateOf(now);
        var waiting = await db.Set<CampaignRequest>().AsNoTracking()
            .Where(r => r.ContactEmail != null && r.FollowUpEndedAt == null)
            .Join(db.Set<Campaign>(), r => r.CampaignId, c => c.Id, (r, c) => new { Request = r, Campaign = c })
            .ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var item in waiting)
        {
            var schedule = FollowUpSchedule.Of(item.Campaign);
            var request = item.Request;
            // When several are due at once (the server was off), only the latest goes: never two in a row.
            var due = schedule.Select((days, index) => (days, index)).LastOrDefault(s => request.SentOn.AddDays(s.days) <= today && s.index >= request.FollowUpsSent);
            if (schedule.Count == 0 || due == default)
            {
                continue;
            }
            var number = due.index + 1;
            var last = number >= schedule.Count;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var claim = db.Set<CampaignRequest>()
                .Where(r => r.Id == request.Id && r.FollowUpsSent == request.FollowUpsSent && r.ContactEmail != null && r.FollowUpEndedAt == null);
            var claimed = last
                ? await claim.ExecuteUpdateAsync(update => update
                    .SetProperty(r => r.FollowUpsSent, number)
                    .SetProperty(r => r.ContactEmail, (string?)null)
                    .SetProperty(r => r.FollowUpEnd, FollowUpEnd.Completed)
                    .SetProperty(r => r.FollowUpEndedAt, nowUtc), cancellationToken)
                : await claim.ExecuteUpdateAsync(update => update.SetProperty(r => r.FollowUpsSent, number), cancellationToken);
            if (claimed == 0)
            {
                continue; // another instance sent it
            }
            var name = await db.NameOfAsync(request.Territory, cancellationToken) ?? request.Territory.ToString();
            mail.Enqueue(request.ContactEmail!, FollowUpMail(item.Campaign, request, name, siteUrl.TrimEnd('/'), last));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            sent++;
        }
        return sent;
    }

    private MailContent FollowUpMail(Campaign campaign, CampaignRequest request, string territoryName, string siteUrl, bool last)
    {
        var token = TokenOf(request.Id);
        var authority = AuthorityOf(request.Territory, territoryName);
        var paragraphs = new List<string>
        {
            "Bonjour,",
            $"Le {request.SentOn.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("fr-FR"))}, vous avez écrit à {authority} pour la campagne « {campaign.Title} ». {Capitalised(authority)} vous a-t-elle répondu ? Un clic suffit, sans compte :",
        };
        paragraphs.AddRange(Choices.Where(c => c.Choice != FollowUpChoice.Stop).Select(c => $"{c.Label} : {siteUrl}{PathOf(token, c.Code)}"));
        paragraphs.Add("Une réponse que vous nous signalez est vérifiée par l'équipe de modération avant d'être publiée. Si vous l'avez par écrit, vous pourrez la joindre ou la citer sur la page qui s'ouvre.");
        paragraphs.Add(last
            ? "C'est notre dernier message à ce sujet : votre adresse est maintenant effacée de nos données."
            : $"Nous vous écrirons au plus une autre fois. Pour ne plus recevoir ce message et effacer votre adresse : {siteUrl}{PathOf(token, "stop")}");
        return MailTemplates.Compose($"Contrevue : {authority} a-t-elle répondu ?", $"{Capitalised(authority)} a-t-elle répondu ?", paragraphs);
    }

    /// <summary>The authority as the page's language names it: « la mairie de Saint-Étienne », « the mairie of Saint-Étienne ».</summary>
    public static string AuthorityIn(CultureInfo culture, TerritoryReference territory, string name) =>
        culture.TwoLetterISOLanguageName == "fr"
            ? AuthorityOf(territory, name)
            : territory.Kind switch
            {
                TerritoryKind.Commune => $"the mairie of {name}",
                TerritoryKind.Departement => $"the conseil départemental ({name})",
                TerritoryKind.Region => $"the conseil régional ({name})",
                _ => name,
            };

    public static string AuthorityOf(TerritoryReference territory, string name) => territory.Kind switch
    {
        TerritoryKind.Commune => $"la mairie {Infrastructure.Text.FrenchPlaceNames.Of(name)}",
        TerritoryKind.Departement => $"le conseil départemental ({name})",
        TerritoryKind.Region => $"le conseil régional ({name})",
        _ => name,
    };

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.GetCultureInfo("fr-FR")) + text[1..];

    /// <summary>The request a follow-up link designates, or null for a forged or damaged link.</summary>
    public async Task<FollowUpLink?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 500)
        {
            return null;
        }
        int requestId;
        try
        {
            requestId = int.Parse(_links.Unprotect(token), CultureInfo.InvariantCulture);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        var found = await db.Set<CampaignRequest>().AsNoTracking()
            .Where(r => r.Id == requestId)
            .Join(db.Set<Campaign>(), r => r.CampaignId, c => c.Id, (r, c) => new { Request = r, c.Slug, c.Title })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }
        var name = await db.NameOfAsync(found.Request.Territory, cancellationToken) ?? found.Request.Territory.ToString();
        var pending = await db.Set<Proposal>().AnyAsync(p => p.Kind == CampaignResponseWriter.ProposalKind && p.Status == ProposalStatus.Pending
            && p.TerritoryKind == found.Request.TerritoryKind && p.TerritoryCode == found.Request.TerritoryCode, cancellationToken);
        return new FollowUpLink(found.Request.Id, found.Slug, found.Title, found.Request.Territory, name, found.Request.FollowUpEnd, pending);
    }

    /// <summary>
    /// The sender's answer from the link. An answer becomes a proposal for moderation (dated today,
    /// the day it was reported, unless the sender gives the reply's date) and ends the follow-up.
    /// </summary>
    public async Task<Dictionary<string, string[]>> AnswerAsync(
        FollowUpLink link, FollowUpChoice choice, string? respondedOn, string? quote, string? sourceUrl, string siteUrl, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (link.Ended is not null || choice == FollowUpChoice.NotYet)
        {
            return errors;
        }
        if (choice != FollowUpChoice.Stop)
        {
            var code = Choices.First(c => c.Choice == choice).Code;
            var today = ParisCalendar.Today(time).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var publicName = await db.Set<CampaignRequest>().Where(r => r.Id == link.RequestId).Select(r => r.PublicName).FirstAsync(cancellationToken);
            var input = new ResponseInput(link.Territory.ToString(), string.IsNullOrWhiteSpace(respondedOn) ? today : respondedOn, code,
                string.IsNullOrWhiteSpace(quote) && string.IsNullOrWhiteSpace(sourceUrl) ? $"Réponse signalée par l'expéditeur d'une lettre, depuis le message de suivi ({Choices.First(c => c.Choice == choice).Label})." : quote,
                sourceUrl, null, publicName);
            if (await responses.ProposeFromFollowUpAsync(link.CampaignSlug, input, siteUrl, errors, cancellationToken) is null)
            {
                return errors;
            }
        }
        var now = time.GetUtcNow().UtcDateTime;
        await db.Set<CampaignRequest>()
            .Where(r => r.Id == link.RequestId && r.FollowUpEndedAt == null)
            .ExecuteUpdateAsync(update => update
                .SetProperty(r => r.ContactEmail, (string?)null)
                .SetProperty(r => r.FollowUpEnd, choice == FollowUpChoice.Stop ? FollowUpEnd.Stopped : FollowUpEnd.Answered)
                .SetProperty(r => r.FollowUpEndedAt, now), cancellationToken);
        return errors;
    }
}

/// <summary>Sends the due follow-ups every <c>Campaigns:FollowUpMinutes</c> minutes (default 60).</summary>
public sealed class FollowUpWorker(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<FollowUpWorker> logger)
    : Infrastructure.Jobs.PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => MinutesFrom(configuration, "Campaigns:FollowUpMinutes", 60);

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var siteUrl = scope.ServiceProvider.GetRequiredService<SiteAddress>().WithoutRequest;
        var sent = await scope.ServiceProvider.GetRequiredService<FollowUps>().SendDueAsync(Time.GetUtcNow(), siteUrl, stoppingToken);
        if (sent > 0)
        {
            Logger.LogInformation("Sent {Count} campaign follow-up e-mails", sent);
        }
    }
}
