using System.Text;
using Contrevue.Features.Veille.Digest;
using Contrevue.Infrastructure.Text;

namespace Contrevue.Features.Events.Digest;

/// <summary>
/// « Prochains rendez-vous » of the weekly digest: the occurrences of the two weeks after the digest's week, the
/// <see cref="MaxListed"/> nearest first, the others counted (« Et 12 autres ») rather than dropped without a word.
/// </summary>
internal sealed class UpcomingEventsDigestSection(EventService events) : IWeeklyDigestSection
{
    public const int MaxListed = 30;
    /// <summary>Occurrences read to count the others: beyond, the digest says « plus de ».</summary>
    public const int MaxCounted = 2_000;
    public static readonly TimeSpan Ahead = TimeSpan.FromDays(14);

    public int Order => 40;

    public async Task<DigestSection?> BuildAsync(DigestWeek week, CancellationToken cancellationToken)
    {
        var (occurrences, truncated) = await events.OccurrencesAsync(new EventQuery(week.End, week.End.Add(Ahead)), MaxCounted, cancellationToken);
        var upcoming = occurrences.Where(o => !o.Event.Cancelled).ToList();
        if (upcoming.Count == 0)
        {
            return null;
        }
        var listed = upcoming.Take(MaxListed).ToList();
        var text = new StringBuilder();
        foreach (var occurrence in listed)
        {
            var local = EventTime.LocalOf(occurrence.Start);
            text.Append("- ").Append(FrenchDates.WithDayName(DateOnly.FromDateTime(local), System.Globalization.CultureInfo.GetCultureInfo("fr-FR")))
                .Append(" à ").Append(local.ToString("HH' h 'mm", System.Globalization.CultureInfo.InvariantCulture)).Append(" : [")
                .Append(DigestWeek.Escape(occurrence.Event.Title)).Append("](").Append(week.SiteUrl).Append(occurrence.Event.PagePath).Append(")\n");
        }
        if (upcoming.Count > listed.Count)
        {
            var others = upcoming.Count - listed.Count;
            text.Append("- Et ").Append(truncated ? "plus de " : "").Append(others).Append(others == 1 && !truncated ? " autre" : " autres")
                .Append(", dans [l'agenda](").Append(week.SiteUrl).Append("/agenda)\n");
        }
        return new DigestSection("Prochains rendez-vous", text.ToString());
    }
}
