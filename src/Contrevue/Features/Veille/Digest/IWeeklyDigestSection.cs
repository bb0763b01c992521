using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Time;

namespace Contrevue.Features.Veille.Digest;

/// <summary>
/// A part of the weekly digest (the week's articles, new dossiers, campaign answers, upcoming events): each feature
/// registers its own in its setup, the digest gathers them in <see cref="Order"/> without knowing any of them.
/// </summary>
[Seam]
public interface IWeeklyDigestSection
{
    /// <summary>Where the section stands in the digest, the lowest first.</summary>
    int Order { get; }

    /// <summary>The section for this week, or null when it has nothing to say.</summary>
    Task<DigestSection?> BuildAsync(DigestWeek week, CancellationToken cancellationToken);
}

/// <summary>A section: its heading and its Markdown body (list items, links absolute from <see cref="DigestWeek.SiteUrl"/>).</summary>
[Seam]
public sealed record DigestSection(string Title, string Markdown);

/// <summary>A week, Monday to Sunday in Paris, and the site's public address for the links.</summary>
[Seam]
public sealed record DigestWeek(DateOnly Monday, string SiteUrl)
{
    public DateOnly Sunday => Monday.AddDays(6);

    /// <summary>Monday 00:00 in Paris, as an instant.</summary>
    public DateTimeOffset Start => Paris(Monday);

    /// <summary>The next Monday 00:00 in Paris, as an instant (excluded).</summary>
    public DateTimeOffset End => Paris(Monday.AddDays(7));

    private static DateTimeOffset Paris(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, ParisCalendar.Zone.GetUtcOffset(local));
    }

    /// <summary>Markdown's special characters escaped, so that a title stays text in the digest.</summary>
    public static string Escape(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var character in Infrastructure.Web.InputText.Sanitize(text).ReplaceLineEndings(" "))
        {
            if ("\\`*_{}[]()<>#+!|~".Contains(character))
            {
                builder.Append('\\');
            }
            builder.Append(character);
        }
        return builder.ToString();
    }
}
