using System.Text;
using Contrevue.Data;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Features.Territories;
using Contrevue.Features.Veille.Digest;
using Contrevue.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Campaigns.Digest;

/// <summary>« Réponses des collectivités » of the weekly digest: the answers to campaigns recorded that week.</summary>
internal sealed class CampaignAnswersDigestSection(ContrevueDbContext db) : IWeeklyDigestSection
{
    public const int MaxListed = 30;

    public int Order => 30;

    public async Task<DigestSection?> BuildAsync(DigestWeek week, CancellationToken cancellationToken)
    {
        var from = week.Start.UtcDateTime;
        var to = week.End.UtcDateTime;
        var answers = await db.Set<CampaignResponse>().AsNoTracking()
            .Where(r => r.CreatedAt >= from && r.CreatedAt < to)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take(MaxListed)
            .Join(db.Set<Campaign>(), r => r.CampaignId, c => c.Id, (r, c) => new { r.TerritoryKind, r.TerritoryCode, r.Kind, r.RespondedOn, c.Title, c.Slug })
            .ToListAsync(cancellationToken);
        if (answers.Count == 0)
        {
            return null;
        }
        var text = new StringBuilder();
        foreach (var answer in answers)
        {
            var name = await db.NameOfAsync(new TerritoryReference(answer.TerritoryKind, answer.TerritoryCode), cancellationToken) ?? answer.TerritoryCode;
            text.Append("- ").Append(DigestWeek.Escape(name)).Append(" : ").Append(CampaignCodes.ResponseKinds.Label(answer.Kind).ToLowerInvariant())
                .Append(" (réponse du ").Append(FrenchDates.Format(answer.RespondedOn)).Append(") — [")
                .Append(DigestWeek.Escape(answer.Title)).Append("](").Append(week.SiteUrl).Append("/campagnes/").Append(answer.Slug).Append("/tableau)\n");
        }
        return new DigestSection("Réponses des collectivités", text.ToString());
    }
}
