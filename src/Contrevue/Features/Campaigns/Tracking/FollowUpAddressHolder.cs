using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.PersonalData;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Campaigns.Tracking;

/// <summary>
/// The address a sender left for the follow-ups of their letter. Erasing it ends the follow-ups and
/// removes the optional public name too (a name is personal data, and the same person asked);
/// the request itself stays, nameless: that a letter was sent is the campaign's public record.
/// </summary>
public sealed class FollowUpAddressHolder(ContrevueDbContext db) : IPersonalDataHolder
{
    public const string Kind = "Suivi d'une lettre";

    public async Task<IReadOnlyList<PersonalDataItem>> FindAsync(string email, CancellationToken cancellationToken)
    {
        var requests = await db.Set<CampaignRequest>().AsNoTracking()
            .Where(r => r.ContactEmail != null && r.ContactEmail.ToLower() == email)
            .Join(db.Set<Campaign>(), r => r.CampaignId, c => c.Id, (r, c) => new { Request = r, c.Title })
            .OrderBy(x => x.Request.CreatedAt)
            .ToListAsync(cancellationToken);
        var items = new List<PersonalDataItem>();
        foreach (var found in requests)
        {
            var territory = await db.NameOfAsync(found.Request.Territory, cancellationToken) ?? found.Request.Territory.ToString();
            var name = found.Request.PublicName is null ? "" : $" (nom public : {found.Request.PublicName})";
            items.Add(new PersonalDataItem(Kind, $"{found.Title} — {territory}{name}", found.Request.CreatedAt, "relances en cours"));
        }
        return items;
    }

    public Task<int> EraseAsync(string email, DateTime now, CancellationToken cancellationToken) =>
        db.Set<CampaignRequest>()
            .Where(r => r.ContactEmail != null && r.ContactEmail.ToLower() == email)
            .ExecuteUpdateAsync(update => update
                .SetProperty(r => r.ContactEmail, (string?)null)
                .SetProperty(r => r.PublicName, (string?)null)
                .SetProperty(r => r.FollowUpEnd, FollowUpEnd.Stopped)
                .SetProperty(r => r.FollowUpEndedAt, now), cancellationToken);
}
