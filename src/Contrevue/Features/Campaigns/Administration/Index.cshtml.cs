using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Campaigns.Administration;

/// <summary>The campaigns, open ones first, for admins to edit or start one.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(CampaignEditor editor) : PageModel
{
    public IReadOnlyList<Campaign> Campaigns { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Campaigns = await editor.ListAsync(cancellationToken);
}
