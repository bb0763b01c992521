using System.Globalization;

namespace Contrevue.Features.Events.Pages;

/// <summary>
/// The key of an event's pages, "12-reunion-inter-collectifs" or just "12": the number finds the event,
/// the rest is only there for readers, so an old or shortened key is redirected to the current one.
/// </summary>
internal static class EventKey
{
    public static async Task<(Event? Found, bool IsCurrent)> FindAsync(EventService events, string key, CancellationToken cancellationToken)
    {
        if (!int.TryParse(key.Split('-', 2)[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || await events.FindAsync(id, cancellationToken) is not { } found)
        {
            return (null, false);
        }
        return (found, string.Equals(key, $"{found.Id}-{found.Slug}", StringComparison.Ordinal));
    }
}
