using Contrevue.Features.Accounts;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Moderation.Pages;

[Authorize(Policy = Policies.Moderator)]
public sealed class QueueModel(ModerationService moderation, MailSettings mail) : PageModel
{
    /// <summary>Moderation outcomes are e-mailed to contributors: say when they cannot leave.</summary>
    public bool MailConfigured => mail.IsConfigured;
    public IReadOnlyList<QueueEntry> Entries { get; private set; } = [];
    public string? Territory { get; private set; }
    public int? OlderThanDays { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(string? territoire, int? plusDe, CancellationToken cancellationToken)
    {
        Territory = territoire;
        OlderThanDays = plusDe is >= 0 and <= 3650 ? plusDe : null;
        TerritoryReference? reference = null;
        if (!string.IsNullOrWhiteSpace(territoire) && !TerritoryReference.TryParse(territoire, out reference))
        {
            Error = "Territoire invalide : un code INSEE (42218) ou commune:…, departement:…, region:…, epci:…";
        }
        Entries = await moderation.QueueEntriesAsync(reference, OlderThanDays, cancellationToken);
    }
}
