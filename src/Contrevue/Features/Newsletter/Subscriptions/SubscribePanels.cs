using Contrevue.Features.Collectives.Profile;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Panels;

namespace Contrevue.Features.Newsletter.Subscriptions;

/// <summary>
/// The small subscribe form of a département's page and of a collective's profile. Those pages come from the
/// output cache, so the form carries no antiforgery token nor proof of work: it opens <c>/lettre</c> with the
/// list chosen (a GET, no address in the URL), where the address is typed into the full form.
/// </summary>
public sealed record SubscribeBoxModel(string ListCode, string Title, string Label);

internal sealed class DepartementNewsletterPanel : ITerritoryPanel
{
    public const string Partial = "/Features/Newsletter/Subscriptions/_SubscribeBox.cshtml";

    public int Order => 900;

    public IReadOnlyCollection<TerritoryKind> Levels { get; } = [TerritoryKind.Departement];

    public Task<TerritoryPanelView?> LoadAsync(TerritoryPanelContext context, CancellationToken cancellationToken) =>
        Task.FromResult<TerritoryPanelView?>(new TerritoryPanelView(Partial, new SubscribeBoxModel(
            NewsletterList.Departement(context.Territory.Code).Code, context.Name, "La lettre d'information du département")));
}

internal sealed class CollectiveNewsletterSection(SubscriptionService subscriptions) : ICollectiveProfileSection
{
    public int Order => 900;

    public async Task<CollectiveProfileSectionView?> LoadAsync(CollectiveProfileContext context, CancellationToken cancellationToken) =>
        await subscriptions.IsOpenAsync(context.CollectiveId, cancellationToken)
            ? new CollectiveProfileSectionView(DepartementNewsletterPanel.Partial, new SubscribeBoxModel(
                NewsletterList.Collective(context.CollectiveId).Code, context.Name, "La lettre d'information du collectif"))
            : null;
}
