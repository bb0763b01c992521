using Contrevue.Infrastructure.Text;

namespace Contrevue.Features.Campaigns.Tracking;

/// <summary>The status of a territory in a campaign, computed from its answers and requests.</summary>
public enum TerritoryCampaignStatus
{
    NeverAsked = 0,
    AskedNoAnswer = 1,
    Committed = 2,
    Partial = 3,
    Refused = 4,
    Evasive = 5,
}

/// <summary>Stable English codes of the API and French labels of the pages, one table per enumeration (read with the <see cref="CodeTable"/> extensions).</summary>
public static class CampaignCodes
{
    public static readonly IReadOnlyList<CodeTable.Entry<RequestChannel>> Channels =
    [
        new(RequestChannel.Email, "email", "Courriel"),
        new(RequestChannel.Post, "post", "Courrier"),
        new(RequestChannel.RegisteredPost, "registered-post", "Lettre recommandée avec AR"),
        new(RequestChannel.InPerson, "in-person", "Dépôt en mairie"),
        new(RequestChannel.CouncilQuestion, "council-question", "Question en conseil municipal"),
    ];

    public static readonly IReadOnlyList<CodeTable.Entry<ResponseKind>> ResponseKinds =
    [
        new(ResponseKind.Committed, "committed", "Engagement"),
        new(ResponseKind.Partial, "partial", "Engagement partiel"),
        new(ResponseKind.Refused, "refused", "Refus"),
        new(ResponseKind.Evasive, "evasive", "Réponse évasive"),
    ];

    public static readonly IReadOnlyList<CodeTable.Entry<TerritoryCampaignStatus>> Statuses =
    [
        new(TerritoryCampaignStatus.Committed, "committed", "Engagée"),
        new(TerritoryCampaignStatus.Partial, "partial", "Engagement partiel"),
        new(TerritoryCampaignStatus.Refused, "refused", "A refusé"),
        new(TerritoryCampaignStatus.Evasive, "evasive", "Réponse évasive"),
        new(TerritoryCampaignStatus.AskedNoAnswer, "asked-no-answer", "Sollicitée, sans réponse"),
        new(TerritoryCampaignStatus.NeverAsked, "never-asked", "Jamais sollicitée"),
    ];

    public static TerritoryCampaignStatus StatusOf(ResponseKind kind) => kind switch
    {
        ResponseKind.Committed => TerritoryCampaignStatus.Committed,
        ResponseKind.Partial => TerritoryCampaignStatus.Partial,
        ResponseKind.Refused => TerritoryCampaignStatus.Refused,
        _ => TerritoryCampaignStatus.Evasive,
    };
}
