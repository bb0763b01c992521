using System.Text.Json;
using Contrevue.Features.Collectives;
using Contrevue.Features.Moderation;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.History;

namespace Contrevue.Features.Kit.Proposals;

/// <summary>A file of a proposed version, already stored (and previewed) like any kit file.</summary>
public sealed record KitProposedFile(string Sha256, string MediaType, string Extension, long Bytes, string? PreviewSha256);

/// <summary>A member's new version of a published resource: the resource, its title when proposed, the note and the files.</summary>
public sealed record KitVersionProposalData(int Resource, string Title, string Changelog, IReadOnlyList<KitProposedFile> Files);

/// <summary>
/// The moderation rule of the kit's versions (PRODUCT.md, Trust: what the public sees is published by
/// moderators): a moderator's version is published at once; a member's version of a published resource waits
/// in the moderation queue, where a moderator accepts it (it becomes the resource's next version) or refuses it
/// (its files are dropped if nothing else cites them). No e-mail is asked: the member has an account.
/// </summary>
public sealed class KitVersionProposals(ModerationService moderation, CollectiveDirectory collectives)
{
    public const string Kind = "kit-version";

    public static JsonSerializerOptions Json => Infrastructure.Web.CompactJson.Options;

    public static KitVersionProposalData DataOf(Proposal proposal) =>
        JsonSerializer.Deserialize<KitVersionProposalData>(proposal.Data, Json) ?? throw new InvalidOperationException($"Proposition #{proposal.Id} illisible.");

    /// <summary>The queue files every proposal under a territory: the first one the member's collectives cover.</summary>
    public async Task<int> StoreAsync(string? userId, KitResource resource, string changelog, IReadOnlyList<KitFile> files, CancellationToken cancellationToken)
    {
        var territory = (await collectives.TerritoriesOfMemberAsync(userId, cancellationToken))
            .OrderBy(t => t.Kind).ThenBy(t => t.Code, StringComparer.Ordinal).Cast<TerritoryReference?>().FirstOrDefault()
            // A collective covers at least one territory; a member of none cannot add a version. Kept total all the same.
            ?? new TerritoryReference(TerritoryKind.Region, "11");
        var data = new KitVersionProposalData(resource.Id, resource.Title, changelog,
            [.. files.Select(f => new KitProposedFile(f.Sha256, f.MediaType, f.Extension, f.Bytes, f.PreviewSha256))]);
        var proposal = new Proposal
        {
            Kind = Kind,
            TerritoryKind = territory.Kind,
            TerritoryCode = territory.Code,
            Data = JsonSerializer.Serialize(data, Json),
        };
        var accepted = await moderation.StoreAsync(proposal, email: null, territoryName: "", siteUrl: "", cancellationToken);
        return accepted.Id;
    }
}

/// <summary>An accepted version becomes the resource's next version, in the moderator's decision.</summary>
public sealed class KitVersionProposalPublisher(KitService kit) : IProposalPublisher
{
    private int? _resource;

    public string Kind => KitVersionProposals.Kind;

    public string Label => "Nouvelle version d'une ressource du kit";

    public string ContributorLabel => "version proposée pour une ressource du kit";

    public string ReviewPath(int proposalId) => $"/moderation/kit/versions/{proposalId}";

    public string Summary(Proposal proposal) => $"{Kind} kit:{KitVersionProposals.DataOf(proposal).Resource}";

    public async Task<(Revision? Revision, Dictionary<string, string[]>? Errors)> PublishAsync(Proposal proposal, string? editedData, CancellationToken cancellationToken)
    {
        var data = KitVersionProposals.DataOf(proposal);
        var errors = await kit.AddProposedVersionAsync(data, cancellationToken);
        _resource = errors is null ? data.Resource : null;
        return (null, errors);
    }

    public Task PublishedAsync(CancellationToken cancellationToken) =>
        _resource is { } id ? kit.EvictResourceAsync(id, cancellationToken) : Task.CompletedTask;

    /// <summary>A refused version keeps its resource and note, not its files (dropped by the review page when nothing else cites them).</summary>
    public string DataKeptAfterRejection(Proposal proposal) =>
        JsonSerializer.Serialize(KitVersionProposals.DataOf(proposal) with { Files = [] }, KitVersionProposals.Json);
}
