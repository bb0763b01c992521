using Contrevue.Features.Events;

namespace Contrevue.Tests.Features.Events;

public sealed class RecurrenceTests
{
    private static List<DateTime> Starts(string rule, string start, int take = 20) =>
        [.. Recurrence.Parse(rule, out var error)!.Starts(EventService.Local(start), new DateTime(2035, 1, 1)).Take(take)];

    [Fact]
    public void Weekly_on_several_days_every_other_week_in_order()
    {
        var starts = Starts("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=5", "2027-03-10T18:30");
        Assert.Equal(["2027-03-10T18:30", "2027-03-22T18:30", "2027-03-24T18:30", "2027-04-05T18:30", "2027-04-07T18:30"], starts.Select(EventTime.Format));
    }

    [Fact]
    public void Monthly_by_last_friday_and_by_a_day_some_months_lack()
    {
        Assert.Equal(["2027-01-29T19:00", "2027-02-26T19:00", "2027-03-26T19:00"], Starts("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", "2027-01-29T19:00").Select(EventTime.Format));
        // No 31 February, April…: those months have no occurrence.
        Assert.Equal(["2027-01-31T10:00", "2027-03-31T10:00", "2027-05-31T10:00"], Starts("FREQ=MONTHLY;COUNT=3", "2027-01-31T10:00").Select(EventTime.Format));
        Assert.Equal(["2027-01-06T18:00", "2027-02-03T18:00"], Starts("FREQ=MONTHLY;BYDAY=1WE;UNTIL=20270228", "2027-01-06T18:00").Select(EventTime.Format));
    }

    [Fact]
    public void A_series_without_end_stops_after_five_years()
    {
        var starts = Recurrence.Parse("FREQ=WEEKLY", out _)!.Starts(EventService.Local("2027-01-06T18:00"), DateTime.MaxValue.AddYears(-1)).ToList();
        Assert.True(starts.Count is > 250 and < 265, $"{starts.Count}");
    }

    [Theory]
    [InlineData("FREQ=SECONDLY", "Seules les récurrences")]
    [InlineData("FREQ=DAILY", "Seules les récurrences")]
    [InlineData("n'importe quoi", "RRULE")]
    [InlineData("FREQ=WEEKLY;BYDAY=XX", "BYDAY")]
    [InlineData("FREQ=WEEKLY;BYSETPOS=1", "BYSETPOS")]
    [InlineData("FREQ=WEEKLY;COUNT=0", "COUNT")]
    [InlineData("FREQ=WEEKLY;COUNT=5;UNTIL=20270101", "pas les deux")]
    [InlineData("FREQ=WEEKLY;BYMONTHDAY=3", "mensuelle")]
    [InlineData("FREQ=MONTHLY;INTERVAL=999999999999", "INTERVAL")]
    [InlineData("FREQ=MONTHLY;UNTIL=hier", "UNTIL")]
    public void Nonsense_is_refused_in_french(string rule, string expected)
    {
        Assert.Null(Recurrence.Parse(rule, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Wall_times_keep_their_hour_across_daylight_saving_changes()
    {
        Assert.Equal(TimeSpan.FromHours(1), EventTime.ToParis(new DateTime(2027, 3, 24, 18, 30, 0)).Offset);
        Assert.Equal(TimeSpan.FromHours(2), EventTime.ToParis(new DateTime(2027, 3, 31, 18, 30, 0)).Offset);
        // 2:30 does not exist on 28 March 2027: an hour later.
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 3, 30, 0, TimeSpan.FromHours(2)), EventTime.ToParis(new DateTime(2027, 3, 28, 2, 30, 0)));
    }
}
