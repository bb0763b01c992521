using System.Globalization;
using System.Text.RegularExpressions;

namespace Contrevue.Features.Newsletter;

/// <summary>
/// The Message-ID of one mailing to one subscriber: the same at every attempt (a copy sent twice across
/// a crash is recognisable as one message), unique across a recreated database by the mailing's
/// creation instant, and read back from a bounce or complaint report to find the delivery.
/// </summary>
public static partial class NewsletterMessageIds
{
    public static string For(int mailingId, int subscriberId, DateTime mailingCreatedAt, string domain) =>
        string.Create(CultureInfo.InvariantCulture, $"lettre-{mailingId}.{subscriberId}.{mailingCreatedAt:yyyyMMddHHmmss}@{domain}");

    /// <summary>The mailing and subscriber a Message-ID (with or without its angle brackets) names, or null.</summary>
    public static (int MailingId, int SubscriberId)? Read(string? messageId)
    {
        var match = Shape().Match(messageId ?? "");
        return match.Success
            && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var mailing)
            && int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var subscriber)
            ? (mailing, subscriber)
            : null;
    }

    [GeneratedRegex(@"^<?lettre-(\d{1,9})\.(\d{1,9})\.\d{14}@[^>\s]{1,253}>?$")]
    private static partial Regex Shape();
}
