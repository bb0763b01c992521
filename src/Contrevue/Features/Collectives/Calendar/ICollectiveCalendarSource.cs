using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Calendar;

namespace Contrevue.Features.Collectives.Calendar;

/// <summary>
/// What a feature puts in a collective's calendar feed (<c>/calendriers/{secret}.ics</c>): the
/// deadlines of its procedures, later its events. The feed lists every source's entries, source after
/// source in the order they were registered.
/// </summary>
[Seam]
public interface ICollectiveCalendarSource
{
    /// <summary>The collective's entries from this source, in the order they should appear.</summary>
    Task<IReadOnlyList<CalendarEntry>> EntriesAsync(int collectiveId, CancellationToken cancellationToken);
}
