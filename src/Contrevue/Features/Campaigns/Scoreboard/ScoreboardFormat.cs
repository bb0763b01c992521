using System.Globalization;

namespace Contrevue.Features.Campaigns.Scoreboard;

/// <summary>Numbers as the French pages write them: "1 234 567", "12,3 %".</summary>
public static class ScoreboardFormat
{
    public static string Number(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>A share between 0 and 1 as a percentage; a tiny share is not rounded to a misleading zero.</summary>
    public static string Percent(double share)
    {
        var percent = share * 100;
        var text = percent > 0 && percent < 0.1
            ? "< " + 0.1.ToString("0.0", CultureInfo.CurrentCulture)
            : percent.ToString("0.0", CultureInfo.CurrentCulture);
        return text + "\u00a0%";
    }
}
