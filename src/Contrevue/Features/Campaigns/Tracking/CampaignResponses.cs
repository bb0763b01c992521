using Contrevue.Infrastructure.History;
using Contrevue.Infrastructure.Audit;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Moderation;
using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.Files;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Time;
using Contrevue.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Tracking;

public sealed record ResponseInput(
    string? Territory, string? RespondedOn, string? Kind, string? Quote = null, string? SourceUrl = null,
    string? FileSha256 = null, string? ReportedBy = null, string? ContributorEmail = null, string? Note = null);

/// <summary>An answer reported by the public, as stored in its proposal until a moderator decides.</summary>
public sealed record ResponseProposalData(
    int CampaignId, string Territory, DateOnly RespondedOn, string Kind, string? Quote, string? SourceUrl, string? FileSha256, string ReportedBy);

public abstract record ResponseOutcome
{
    public sealed record Published(CampaignResponse Response, string TerritoryName) : ResponseOutcome;
    public sealed record Proposed(ProposalAccepted Proposal, string TerritoryName) : ResponseOutcome;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : ResponseOutcome;
    public sealed record CampaignNotFound : ResponseOutcome;
}

/// <summary>An answer reported by the public, as its review page shows it: where it comes from and for which campaign.</summary>
public sealed record ResponseUnderReview(Proposal Proposal, ResponseProposalData Data, string TerritoryName, string CampaignTitle);

/// <summary>
/// An authority's answer: moderators record it directly; anyone else proposes it and it waits in the
/// moderation queue. A published answer ends the follow-up of every request to that authority.
/// </summary>
public sealed class CampaignResponses(ContrevueDbContext db, CampaignResponseWriter writer, ModerationService moderation, AuditLog audit, CampaignCache cache, IStringLocalizer<SharedResource> text)
{
    /// <param name="moderatorId">Set when a moderator records the answer: it is published at once.</param>
    /// <param name="mayAttachFile">Members and moderators may cite a file they uploaded; the public gives an address.</param>
    public async Task<ResponseOutcome> RecordAsync(string slug, ResponseInput input, string? moderatorId, bool mayAttachFile, string siteUrl, CancellationToken cancellationToken)
    {
        var campaign = await db.FindCampaignAsync(slug, cancellationToken);
        if (campaign is null)
        {
            return new ResponseOutcome.CampaignNotFound();
        }
        var errors = new Dictionary<string, string[]>();
        var (data, name) = await writer.CheckAsync(campaign, input, mayAttachFile || moderatorId is not null, moderatorId is not null, errors, cancellationToken);
        var (email, note) = moderatorId is null ? ModerationService.ReadContributor(input.ContributorEmail, input.Note, errors, text) : (null, null);
        if (errors.Count > 0 || data is null || name is null)
        {
            return new ResponseOutcome.Invalid(errors);
        }
        if (moderatorId is not null)
        {
            var response = writer.Publish(data, moderatorId, null);
            audit.Record(moderatorId, "campaign.response", $"campaign:{campaign.Slug}", $"{data.Territory} {data.Kind}");
            await db.SaveChangesAsync(cancellationToken);
            await writer.EndFollowUpsAsync(campaign.Id, response.Territory, cancellationToken);
            await cache.ChangedAsync(cancellationToken);
            return new ResponseOutcome.Published(response, name);
        }
        var accepted = await ProposeAsync(data, email, note, name, siteUrl, cancellationToken);
        return new ResponseOutcome.Proposed(accepted, name);
    }

    /// <summary>An answer reported from a follow-up e-mail: the link proves the sender, so it goes straight to moderation.</summary>
    public async Task<ProposalAccepted?> ProposeFromFollowUpAsync(string slug, ResponseInput input, string siteUrl, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var campaign = await db.FindCampaignAsync(slug, cancellationToken);
        if (campaign is null)
        {
            errors["campaign"] = ["Cette campagne n'existe plus."];
            return null;
        }
        var (data, name) = await writer.CheckAsync(campaign, input, mayAttachFile: false, byModerator: false, errors, cancellationToken);
        return data is null || name is null ? null : await ProposeAsync(data, null, null, name, siteUrl, cancellationToken);
    }

    /// <summary>The reported answer of that proposal number, or null when the proposal is not an answer.</summary>
    public async Task<ResponseUnderReview?> FindForReviewAsync(int proposalId, CancellationToken cancellationToken)
    {
        var proposal = await moderation.FindAsync(proposalId, cancellationToken);
        if (proposal is null || proposal.Kind != CampaignResponseWriter.ProposalKind)
        {
            return null;
        }
        var data = CampaignResponseWriter.DataOf(proposal);
        var territoryName = await db.NameOfAsync(proposal.Territory, cancellationToken) ?? proposal.Territory.ToString();
        var campaignTitle = await db.Set<Campaign>().Where(c => c.Id == data.CampaignId).Select(c => c.Title).FirstOrDefaultAsync(cancellationToken) ?? "";
        return new ResponseUnderReview(proposal, data, territoryName, campaignTitle);
    }

    /// <summary>Stores a checked answer as a proposal of the public, waiting for moderation.</summary>
    public Task<ProposalAccepted> ProposeAsync(ResponseProposalData data, string? email, string? note, string territoryName, string siteUrl, CancellationToken cancellationToken)
    {
        var territory = CampaignResponseWriter.TerritoryOf(data);
        var proposal = new Proposal
        {
            Kind = CampaignResponseWriter.ProposalKind,
            TerritoryKind = territory.Kind,
            TerritoryCode = territory.Code,
            Data = JsonSerializer.Serialize(data, CompactJson.Options),
            Source = data.SourceUrl,
            Note = note,
        };
        return moderation.StoreAsync(proposal, email, territoryName, siteUrl, cancellationToken);
    }
}

/// <summary>Checks and publishes answers; used by <see cref="CampaignResponses"/> and by the moderation's publisher.</summary>
public sealed class CampaignResponseWriter(ContrevueDbContext db, SourceFileStore files, TimeProvider time, IStringLocalizer<SharedResource> text)
{
    public const string ProposalKind = "campaign-response";
    public const int MaxQuoteLength = 5_000;
    public const int MaxUrlLength = 2_000;
    public const string ModerationTeam = "Équipe de modération";
    public const string Anonymous = "Anonyme";

    public static ResponseProposalData DataOf(Proposal proposal) =>
        JsonSerializer.Deserialize<ResponseProposalData>(proposal.Data, CompactJson.Options) ?? throw new InvalidOperationException($"Proposition #{proposal.Id} illisible.");

    /// <summary>Checks an answer; on success, its data ready to publish or propose, and the territory's name.</summary>
    public async Task<(ResponseProposalData? Data, string? Name)> CheckAsync(
        Campaign campaign, ResponseInput input, bool mayAttachFile, bool byModerator, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var today = ParisCalendar.Today(time);
        var (territory, name) = await CampaignInput.ReadTerritoryAsync(db, campaign, input.Territory, errors, text, cancellationToken);
        var respondedOn = CampaignInput.ReadDate(input.RespondedOn, "respondedOn", text["la date de la réponse"], today, errors, text);
        ResponseKind kind = default;
        if (!CampaignCodes.ResponseKinds.TryParse(input.Kind, out kind))
        {
            errors["kind"] = [text["Type de réponse inconnu ou manquant : {0}.", string.Join(", ", CampaignCodes.ResponseKinds.Select(k => k.Code))]];
        }
        var quote = string.IsNullOrWhiteSpace(input.Quote) ? null : input.Quote.Trim().ReplaceLineEndings("\n");
        if (quote is { Length: > MaxQuoteLength })
        {
            errors["quote"] = [text["La citation tient en {0:N0} caractères au plus ({1} donnés) : gardez la phrase décisive et joignez la réponse entière.", MaxQuoteLength, quote.Length]];
        }
        else if (quote is not null && quote.Any(c => char.IsControl(c) && c != '\n' && c != '\t'))
        {
            errors["quote"] = ["La citation contient des caractères de contrôle invisibles : retirez-les."];
        }
        var url = string.IsNullOrWhiteSpace(input.SourceUrl) ? null : input.SourceUrl.Trim();
        if (url is not null && (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors["sourceUrl"] = ["Adresse web invalide : elle commence par https:// (ou http://)."];
        }
        var sha = string.IsNullOrWhiteSpace(input.FileSha256) ? null : input.FileSha256.Trim().ToLowerInvariant();
        if (sha is not null)
        {
            if (!mayAttachFile)
            {
                errors["fileSha256"] = ["Le dépôt de fichiers est réservé aux membres : donnez l'adresse web de la réponse, ou citez-la."];
            }
            else if (await files.FindAsync(sha, cancellationToken) is null)
            {
                errors["fileSha256"] = ["Fichier inconnu : déposez d'abord la réponse (PDF ou image) puis citez son empreinte."];
            }
        }
        if (quote is null && url is null && sha is null && !errors.ContainsKey("quote"))
        {
            errors["quote"] = ["Citez la réponse ou joignez-la : une réponse sans trace ne peut pas être publiée."];
        }
        var reportedBy = CampaignInput.ReadPublicName(input.ReportedBy, "reportedBy", errors, text) ?? (byModerator ? ModerationTeam : Anonymous);
        if (errors.Count > 0 || territory is null || respondedOn is null)
        {
            return (null, null);
        }
        return (new ResponseProposalData(campaign.Id, territory.Value.ToString(), respondedOn.Value, CampaignCodes.ResponseKinds.Code(kind), quote, url, sha, reportedBy), name);
    }

    /// <summary>The territory of checked data (written by <see cref="CheckAsync"/>, so always readable).</summary>
    public static TerritoryReference TerritoryOf(ResponseProposalData data) =>
        TerritoryReference.TryParse(data.Territory, out var territory) ? territory.Value : throw new InvalidOperationException($"Territoire illisible : {data.Territory}.");

    /// <summary>Adds the answer to the context, without saving.</summary>
    public CampaignResponse Publish(ResponseProposalData data, string? moderatorId, int? proposalId)
    {
        var territory = TerritoryOf(data);
        if (!CampaignCodes.ResponseKinds.TryParse(data.Kind, out var kind))
        {
            throw new InvalidOperationException($"Type de réponse illisible : {data.Kind}.");
        }
        var response = new CampaignResponse
        {
            CampaignId = data.CampaignId,
            TerritoryKind = territory.Kind,
            TerritoryCode = territory.Code,
            RespondedOn = data.RespondedOn,
            Kind = kind,
            Quote = data.Quote,
            SourceUrl = data.SourceUrl,
            FileSha256 = data.FileSha256,
            ReportedBy = data.ReportedBy,
            RecordedByUserId = moderatorId,
            ProposalId = proposalId,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Add(response);
        return response;
    }

    /// <summary>The authority answered: nobody needs asking any more, and their addresses go.</summary>
    public Task<int> EndFollowUpsAsync(int campaignId, TerritoryReference territory, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.Set<CampaignRequest>()
            .Where(r => r.CampaignId == campaignId && r.TerritoryKind == territory.Kind && r.TerritoryCode == territory.Code && r.FollowUpEndedAt == null && r.ContactEmail != null)
            .ExecuteUpdateAsync(update => update
                .SetProperty(r => r.ContactEmail, (string?)null)
                .SetProperty(r => r.FollowUpEnd, FollowUpEnd.Answered)
                .SetProperty(r => r.FollowUpEndedAt, now), cancellationToken);
    }
}

/// <summary>Publishes an approved answer of the public (kept apart: the moderation service needs it).</summary>
public sealed class ResponseProposalPublisher(ContrevueDbContext db, CampaignResponseWriter responses, CampaignCache cache) : IProposalPublisher
{
    private TerritoryReference? _answered;
    private int _campaignId;

    public string Kind => CampaignResponseWriter.ProposalKind;

    public string Label => "Réponse à une campagne";

    public string ContributorLabel => "réponse d'une collectivité à la campagne";

    public string ReviewPath(int proposalId) => $"/moderation/reponses/{proposalId}";

    public string Summary(Proposal proposal) => $"{proposal.Kind} {proposal.Territory}";

    public async Task<(Revision? Revision, Dictionary<string, string[]>? Errors)> PublishAsync(Proposal proposal, string? editedData, CancellationToken cancellationToken)
    {
        var data = CampaignResponseWriter.DataOf(proposal);
        if (editedData is not null)
        {
            var edited = JsonSerializer.Deserialize<ResponseInput>(editedData, CompactJson.Options) ?? new ResponseInput(null, null, null);
            var campaign = await db.Set<Campaign>().AsNoTracking().FirstAsync(c => c.Id == data.CampaignId, cancellationToken);
            var errors = new Dictionary<string, string[]>();
            var (checkedData, _) = await responses.CheckAsync(campaign, edited with { FileSha256 = edited.FileSha256 ?? data.FileSha256 }, mayAttachFile: true, byModerator: false, errors, cancellationToken);
            if (checkedData is null)
            {
                return (null, errors);
            }
            data = checkedData;
        }
        var response = responses.Publish(data, null, proposal.Id);
        _answered = response.Territory;
        _campaignId = response.CampaignId;
        return (null, null);
    }

    public async Task PublishedAsync(CancellationToken cancellationToken)
    {
        if (_answered is { } territory)
        {
            await responses.EndFollowUpsAsync(_campaignId, territory, cancellationToken);
        }
        await cache.ChangedAsync(cancellationToken);
    }
}
