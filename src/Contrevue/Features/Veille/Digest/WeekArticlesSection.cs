using System.Text;
using Contrevue.Data;
using Contrevue.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Veille.Digest;

/// <summary>« Dans la presse cette semaine »: the articles published that week, the <see cref="MaxListed"/> newest first, the others counted.</summary>
internal sealed class WeekArticlesSection(ContrevueDbContext db) : IWeeklyDigestSection
{
    public const int MaxListed = 30;

    public int Order => 10;

    public async Task<DigestSection?> BuildAsync(DigestWeek week, CancellationToken cancellationToken)
    {
        var monday = week.Monday;
        var sunday = week.Sunday;
        var published = db.Set<Article>().AsNoTracking().Where(a => a.PublishedOn >= monday && a.PublishedOn <= sunday);
        var articles = await published
            .OrderByDescending(a => a.PublishedOn).ThenByDescending(a => a.Id).Take(MaxListed)
            .ToListAsync(cancellationToken);
        if (articles.Count == 0)
        {
            return null;
        }
        var total = articles.Count < MaxListed ? articles.Count : await published.CountAsync(cancellationToken);
        var text = new StringBuilder();
        foreach (var article in articles)
        {
            text.Append("- [").Append(DigestWeek.Escape(article.Title)).Append("](").Append(article.CanonicalUrl).Append(") — *")
                .Append(DigestWeek.Escape(article.Outlet)).Append("*, ").Append(FrenchDates.Format(article.PublishedOn)).Append('\n');
        }
        if (total > articles.Count)
        {
            var others = total - articles.Count;
            text.Append("- Et ").Append(others).Append(others == 1 ? " autre" : " autres").Append(", dans [la veille](")
                .Append(week.SiteUrl).Append("/veille?du=").Append(monday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
                .Append("&au=").Append(sunday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(")\n");
        }
        return new DigestSection("Dans la presse cette semaine", text.ToString());
    }
}
