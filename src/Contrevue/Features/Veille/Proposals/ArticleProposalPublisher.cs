using Contrevue.Features.Moderation;
using Contrevue.Infrastructure.History;

namespace Contrevue.Features.Veille.Proposals;

/// <summary>Turns an accepted proposal into an article, within the moderator's decision; checked again, since time has passed.</summary>
public sealed class ArticleProposalPublisher(ArticleService articles) : IProposalPublisher
{
    private Article? published;

    public string Kind => ArticleProposals.Kind;

    public string Label => "Article proposé";

    public string ContributorLabel => "article proposé pour la veille";

    public string ReviewPath(int proposalId) => $"/moderation/veille/{proposalId}";

    public string Summary(Proposal proposal) => $"{Kind} {proposal.Territory}";

    public async Task<(Revision? Revision, Dictionary<string, string[]>? Errors)> PublishAsync(Proposal proposal, string? editedData, CancellationToken cancellationToken)
    {
        // The moderator's version when they corrected it (the territories), else the proposal as sent.
        var article = editedData is null
            ? ArticleProposals.DataOf(proposal).Article
            : System.Text.Json.JsonSerializer.Deserialize<ArticleProposalData>(editedData, ArticleProposals.Json)?.Article ?? ArticleProposals.DataOf(proposal).Article;
        switch (await articles.AddProposedAsync(article, cancellationToken))
        {
            case ArticleChange.Done(var added):
                published = added;
                return (null, null);
            case ArticleChange.Invalid(var errors):
                return (null, errors);
            case ArticleChange.Duplicate:
                return (null, new() { ["url"] = ["Cette adresse est déjà celle d'un article de la veille : refusez la proposition."] });
            default:
                return (null, new() { ["article"] = ["Article illisible."] });
        }
    }

    public Task PublishedAsync(CancellationToken cancellationToken) =>
        published is null ? Task.CompletedTask : articles.PublishedAsync([published], cancellationToken);

    /// <summary>A refused article keeps only its title and address with the decision, not its summary.</summary>
    public string DataKeptAfterRejection(Proposal proposal)
    {
        var proposed = ArticleProposals.DataOf(proposal).Article;
        return System.Text.Json.JsonSerializer.Serialize(
            new ArticleProposalData(new ArticleInput(proposed.Title, proposed.Outlet, null, proposed.PublishedOn, proposed.Url, null)), ArticleProposals.Json);
    }
}
