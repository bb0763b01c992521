using System.Text;
using Contrevue.Features.Veille.Digest;
using Contrevue.Infrastructure.Text;

namespace Contrevue.Features.Events.Digest;

/// <summary>« Prochains rendez-vous » of the weekly digest: the occurrences of the two weeks after the digest's week.</summary>
internal sealed class UpcomingEventsDigestSection(EventService events) : IWeeklyDigestSection
{
    public const int MaxListed = 30;
    public static readonly TimeSpan Ahead = TimeSpan.FromDays(14);

    public int Order => 40;

    public async Task<DigestSection?> BuildAsync(DigestWeek week, CancellationToken cancellationToken)
    {
        var (occurrences, _) = await events.OccurrencesAsync(new EventQuery(week.End, week.End.Add(Ahead)), MaxListed, cancellationToken);
        var listed = occurrences.Where(o => !o.Event.Cancelled).ToList();
        if (listed.Count == 0)
        {
            return null;
        }
        var text = new StringBuilder();
        foreach (var occurrence in listed)
        {
            var local = EventTime.LocalOf(occurrence.Start);
            text.Append("- ").Append(FrenchDates.WithDayName(DateOnly.FromDateTime(local), System.Globalization.CultureInfo.GetCultureInfo("fr-FR")))
                .Append(" à ").Append(local.ToString("HH' h 'mm", System.Globalization.CultureInfo.InvariantCulture)).Append(" : [")
                .Append(DigestWeek.Escape(occurrence.Event.Title)).Append("](").Append(week.SiteUrl).Append(occurrence.Event.PagePath).Append(")\n");
        }
        return new DigestSection("Prochains rendez-vous", text.ToString());
    }
}
