using System.Globalization;
using System.Text;
using Contrevue.Infrastructure.Text;

namespace Contrevue.Features.Veille.Digest;

/// <summary>
/// The weekly digest in Markdown, in French: a heading naming the week, then each feature's section that has
/// something to say. An organiser edits it before the newsletter sends it.
/// </summary>
[Contrevue.Infrastructure.Seam]
public sealed class WeeklyDigest(IEnumerable<IWeeklyDigestSection> sections)
{
    public async Task<string> MarkdownAsync(DigestWeek week, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.Append("# Lettre hebdomadaire — semaine du ").Append(FrenchDates.Format(week.Monday))
            .Append(" au ").Append(FrenchDates.Format(week.Sunday)).Append("\n\n");
        var any = false;
        foreach (var section in sections.OrderBy(s => s.Order))
        {
            if (await section.BuildAsync(week, cancellationToken) is not { } built)
            {
                continue;
            }
            any = true;
            text.Append("## ").Append(built.Title).Append("\n\n").Append(built.Markdown.TrimEnd()).Append("\n\n");
        }
        if (!any)
        {
            text.Append("Rien de neuf cette semaine.\n\n");
        }
        text.Append("---\n\nRetrouvez toute la veille sur ").Append(week.SiteUrl).Append("/veille\n");
        return text.ToString();
    }

    /// <summary>The Monday of an ISO week « 2026-W49 », or null when it is not one.</summary>
    public static DateOnly? MondayOf(string? isoWeek)
    {
        var parts = isoWeek?.Trim().ToUpperInvariant().Split("-W");
        if (parts is not [var yearText, var weekText]
            || !int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100
            || !int.TryParse(weekText, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > ISOWeek.GetWeeksInYear(year))
        {
            return null;
        }
        return DateOnly.FromDateTime(ISOWeek.ToDateTime(year, number, DayOfWeek.Monday));
    }

    /// <summary>« 2026-W49 » for the week of this day.</summary>
    public static string IsoWeekOf(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        return $"{ISOWeek.GetYear(date):D4}-W{ISOWeek.GetWeekOfYear(date):D2}";
    }

    public static DateOnly MondayOfWeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
