using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Audit;
using Contrevue.Data;
using Contrevue.Features.Moderation;
using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.Time;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Tracking;

public sealed record RequestInput(
    string? Territory, string? SentOn, string? Channel, string? ReceivedOn = null, string? PublicName = null, string? ContactEmail = null);

public abstract record RequestOutcome
{
    public sealed record Recorded(CampaignRequest Request, string TerritoryName, bool FollowUp) : RequestOutcome;
    public sealed record RecordedBatch(int Count) : RequestOutcome;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : RequestOutcome;
    public sealed record CampaignNotFound : RequestOutcome;
}

/// <summary>
/// "I sent it": records a sender's letter to an authority. An e-mail address, when given, is the
/// sender's consent to the follow-up e-mails, and is kept only until the follow-up ends.
/// </summary>
public sealed class CampaignRequests(ContrevueDbContext db, AuditLog audit, CampaignCache cache, TimeProvider time, IStringLocalizer<SharedResource> text)
{
    public async Task<RequestOutcome> RecordAsync(string slug, RequestInput input, CancellationToken cancellationToken)
    {
        var campaign = await db.FindCampaignAsync(slug, cancellationToken);
        if (campaign is null)
        {
            return new RequestOutcome.CampaignNotFound();
        }
        var errors = new Dictionary<string, string[]>();
        if (!campaign.IsOpen)
        {
            errors["campaign"] = ["Cette campagne est close : elle n'enregistre plus de nouveaux envois."];
            return new RequestOutcome.Invalid(errors);
        }
        var (territory, name) = await CampaignInput.ReadTerritoryAsync(db, campaign, input.Territory, errors, text, cancellationToken);
        var (sentOn, channel, receivedOn, publicName) = ReadSending(input, errors);
        var email = CampaignInput.ReadEmail(input.ContactEmail, "contactEmail", errors);
        if (errors.Count > 0 || territory is not { } place || name is null || sentOn is null)
        {
            return new RequestOutcome.Invalid(errors);
        }

        var followUp = email is not null && FollowUpSchedule.Of(campaign).Count > 0;
        var request = new CampaignRequest
        {
            CampaignId = campaign.Id,
            TerritoryKind = place.Kind,
            TerritoryCode = place.Code,
            SentOn = sentOn.Value,
            Channel = channel,
            ReceivedOn = receivedOn,
            PublicName = publicName,
            ContactEmail = followUp ? email : null,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Add(request);
        // Nothing about the sender in the audit log: the territory and the channel say what happened.
        audit.Record(null, "campaign.request", $"campaign:{campaign.Slug}", $"{place} {CampaignCodes.Channels.Code(channel)}");
        await db.SaveChangesAsync(cancellationToken);
        await cache.ChangedAsync(cancellationToken);
        return new RequestOutcome.Recorded(request, name, followUp);
    }

    /// <summary>
    /// A batch's letters declared sent at once: one request per commune, the same date and channel, in one
    /// transaction. No follow-up e-mail: one address asked about a hundred mairies would be spam.
    /// </summary>
    public async Task<RequestOutcome> RecordBatchAsync(string slug, IReadOnlyList<TerritoryReference> territories, RequestInput input, CancellationToken cancellationToken)
    {
        var campaign = await db.FindCampaignAsync(slug, cancellationToken);
        if (campaign is null)
        {
            return new RequestOutcome.CampaignNotFound();
        }
        var errors = new Dictionary<string, string[]>();
        if (!campaign.IsOpen)
        {
            errors["campaign"] = ["Cette campagne est close : elle n'enregistre plus de nouveaux envois."];
            return new RequestOutcome.Invalid(errors);
        }
        if (territories.Count == 0)
        {
            errors["communes"] = ["Indiquez les communes auxquelles vous avez écrit, une par ligne."];
        }
        var levels = CampaignInput.TargetKindsOf(campaign);
        if (territories.Any(t => !levels.Contains(t.Kind)))
        {
            errors["communes"] = [text["Cette campagne s'adresse à {0}.", string.Join(", ", CampaignInput.TargetLevelsOf(campaign).Select(level => CampaignInput.LevelLabel(level, text)))]];
        }
        var (sentOn, channel, receivedOn, publicName) = ReadSending(input, errors);
        if (errors.Count > 0 || sentOn is null)
        {
            return new RequestOutcome.Invalid(errors);
        }
        var createdAt = time.GetUtcNow().UtcDateTime;
        foreach (var place in territories.Distinct())
        {
            db.Add(new CampaignRequest
            {
                CampaignId = campaign.Id,
                TerritoryKind = place.Kind,
                TerritoryCode = place.Code,
                SentOn = sentOn.Value,
                Channel = channel,
                ReceivedOn = receivedOn,
                PublicName = publicName,
                CreatedAt = createdAt,
            });
        }
        audit.Record(null, "campaign.requests", $"campaign:{campaign.Slug}", $"{territories.Distinct().Count()} {CampaignCodes.Channels.Code(channel)}");
        await db.SaveChangesAsync(cancellationToken);
        await cache.ChangedAsync(cancellationToken);
        return new RequestOutcome.RecordedBatch(territories.Distinct().Count());
    }

    /// <summary>When and how the letter went, and the public name: the same checks for one letter or a batch.</summary>
    private (DateOnly? SentOn, RequestChannel Channel, DateOnly? ReceivedOn, string? PublicName) ReadSending(RequestInput input, Dictionary<string, string[]> errors)
    {
        var today = ParisCalendar.Today(time);
        var sentOn = CampaignInput.ReadDate(input.SentOn, "sentOn", text["la date d'envoi"], today, errors, text);
        RequestChannel channel = default;
        if (string.IsNullOrWhiteSpace(input.Channel))
        {
            errors["channel"] = [text["Indiquez le moyen d'envoi : {0}.", string.Join(", ", CampaignCodes.Channels.Select(c => c.Code))]];
        }
        else if (!CampaignCodes.Channels.TryParse(input.Channel, out channel))
        {
            errors["channel"] = [text["Moyen d'envoi inconnu « {0} » : {1}.", input.Channel.Trim(), string.Join(", ", CampaignCodes.Channels.Select(c => c.Code))]];
        }
        DateOnly? receivedOn = null;
        if (!string.IsNullOrWhiteSpace(input.ReceivedOn))
        {
            if (channel != RequestChannel.RegisteredPost)
            {
                errors["receivedOn"] = ["La date de réception ne se donne que pour une lettre recommandée avec AR (celle de l'avis de réception)."];
            }
            else if ((receivedOn = CampaignInput.ReadDate(input.ReceivedOn, "receivedOn", text["la date de réception"], today, errors, text)) < sentOn)
            {
                errors["receivedOn"] = ["L'avis de réception ne peut pas précéder l'envoi."];
            }
        }
        var publicName = CampaignInput.ReadPublicName(input.PublicName, "publicName", errors, text);
        return (sentOn, channel, receivedOn, publicName);
    }
}

/// <summary>The follow-up delays of a campaign ("14,28"), at most two e-mails.</summary>
public static class FollowUpSchedule
{
    public const int MaxFollowUps = 2;

    public static IReadOnlyList<int> Of(Campaign campaign) => campaign.FollowUpDays
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(d => int.TryParse(d, out var days) ? days : 0)
        .Where(d => d > 0)
        .Order()
        .Take(MaxFollowUps)
        .ToList();
}
