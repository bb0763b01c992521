using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Moderation;
using Contrevue.Features.Territories;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Veille.Proposals;

/// <summary>An article proposed by the public, as the proposal stores it until a moderator decides.</summary>
public sealed record ArticleProposalData(ArticleInput Article);

/// <summary>
/// Anyone may propose an article, with an e-mail address to confirm it. It is checked as a member's addition
/// would be (a known address is refused at once, naming the article), and kept in the moderation queue only:
/// no article exists until a moderator accepts it.
/// </summary>
public sealed class ArticleProposals(ArticleService articles, ModerationService moderation, ContrevueDbContext db, IStringLocalizer<SharedResource> text)
{
    public const string Kind = "article";

    public static JsonSerializerOptions Json => Infrastructure.Web.CompactJson.Options;

    public static ArticleProposalData DataOf(Proposal proposal) =>
        JsonSerializer.Deserialize<ArticleProposalData>(proposal.Data, Json) ?? throw new InvalidOperationException($"Proposition #{proposal.Id} illisible.");

    /// <summary>The proposal filed, or the French errors by field; a duplicate comes back as the article it repeats.</summary>
    public async Task<(ProposalAccepted? Accepted, Dictionary<string, string[]> Errors, ArticleChange.Duplicate? Duplicate)> ProposeAsync(
        ArticleInput input, string? contributorEmail, string siteUrl, CancellationToken cancellationToken)
    {
        var change = await articles.CheckAsync(input, cancellationToken);
        var errors = change is ArticleChange.Invalid(var invalid) ? invalid : new Dictionary<string, string[]>();
        if (change is ArticleChange.Duplicate duplicate)
        {
            return (null, errors, duplicate);
        }
        if (string.IsNullOrWhiteSpace(contributorEmail))
        {
            errors.TryAdd("contributorEmail", ["Indiquez votre adresse e-mail : elle sert à confirmer la proposition, jamais publiée."]);
        }
        var (email, _) = ModerationService.ReadContributor(contributorEmail, null, errors, text);
        // The proposal is filed under the first territory the article concerns.
        TerritoryReference? territory = TerritoryReference.TryParse(input.Territories is { Count: > 0 } given ? given[0] : null, out var first) ? first : null;
        if (territory is null)
        {
            errors.TryAdd("territories", ["Indiquez la commune ou le département dont parle l'article."]);
        }
        if (errors.Count > 0 || territory is not { } reference || email is null)
        {
            return (null, errors, null);
        }
        var proposal = new Proposal
        {
            Kind = Kind,
            TerritoryKind = reference.Kind,
            TerritoryCode = reference.Code,
            Data = JsonSerializer.Serialize(new ArticleProposalData(input), Json),
        };
        var territoryName = await db.NameOfAsync(reference, cancellationToken) ?? reference.Code;
        return (await moderation.StoreAsync(proposal, email, territoryName, siteUrl, cancellationToken), errors, null);
    }
}
