namespace Contrevue.Features.Procedures.Deadlines;

/// <summary>Where the holidays administrators add come from.</summary>
public interface IExtraHolidaySource
{
    Task<IReadOnlyList<ExtraHoliday>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>No administrator-added holiday: the national and Alsace-Moselle days only.</summary>
public sealed class NoExtraHolidays : IExtraHolidaySource
{
    public Task<IReadOnlyList<ExtraHoliday>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ExtraHoliday>>([]);
}
