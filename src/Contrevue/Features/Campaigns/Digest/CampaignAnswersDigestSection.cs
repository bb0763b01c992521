using System.Text;
using Contrevue.Data;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Features.Territories;
using Contrevue.Features.Veille.Digest;
using Contrevue.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Campaigns.Digest;

/// <summary>
/// « Réponses des collectivités » of the weekly digest: the answers to campaigns recorded that week, the
/// <see cref="MaxListed"/> newest first, the others counted (« Et 12 autres ») rather than dropped without a word.
/// </summary>
internal sealed class CampaignAnswersDigestSection(ContrevueDbContext db) : IWeeklyDigestSection
{
    public const int MaxListed = 30;

    public int Order => 30;

    public async Task<DigestSection?> BuildAsync(DigestWeek week, CancellationToken cancellationToken)
    {
        var from = week.Start.UtcDateTime;
        var to = week.End.UtcDateTime;
        var recorded = db.Set<CampaignResponse>().AsNoTracking().Where(r => r.CreatedAt >= from && r.CreatedAt < to);
        var answers = await recorded
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(MaxListed)
            .Join(db.Set<Campaign>(), r => r.CampaignId, c => c.Id, (r, c) => new { r.TerritoryKind, r.TerritoryCode, r.Kind, r.RespondedOn, c.Title, c.Slug, r.CreatedAt, r.Id })
            .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .ToListAsync(cancellationToken);
        if (answers.Count == 0)
        {
            return null;
        }
        var total = answers.Count < MaxListed ? answers.Count : await recorded.CountAsync(cancellationToken);
        var text = new StringBuilder();
        foreach (var answer in answers)
        {
            var name = await db.NameOfAsync(new TerritoryReference(answer.TerritoryKind, answer.TerritoryCode), cancellationToken) ?? answer.TerritoryCode;
            text.Append("- ").Append(DigestWeek.Escape(name)).Append(" : ").Append(CampaignCodes.ResponseKinds.Label(answer.Kind).ToLowerInvariant())
                .Append(" (réponse du ").Append(FrenchDates.Format(answer.RespondedOn)).Append(") — [")
                .Append(DigestWeek.Escape(answer.Title)).Append("](").Append(week.SiteUrl).Append("/campagnes/").Append(answer.Slug).Append("/tableau)\n");
        }
        if (total > answers.Count)
        {
            var others = total - answers.Count;
            text.Append("- Et ").Append(others).Append(others == 1 ? " autre" : " autres").Append(", sur [les pages des campagnes](")
                .Append(week.SiteUrl).Append("/campagnes)\n");
        }
        return new DigestSection("Réponses des collectivités", text.ToString());
    }
}
