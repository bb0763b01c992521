using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Administration.Pages;

/// <summary>What an administrator checks first: one card per part of the site (<see cref="IAdminDashboardCard"/>).</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(IEnumerable<IAdminDashboardCard> cards) : PageModel
{
    public IReadOnlyList<AdminDashboardCard> Cards { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var loaded = new List<AdminDashboardCard>();
        foreach (var card in cards.OrderBy(c => c.Order))
        {
            loaded.Add(new AdminDashboardCard(card.PartialName, await card.LoadAsync(cancellationToken)));
        }
        Cards = loaded;
    }
}
