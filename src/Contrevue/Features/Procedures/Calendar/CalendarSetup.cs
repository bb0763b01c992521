using Contrevue.Features.Collectives.Calendar;

namespace Contrevue.Features.Procedures.Calendar;

public static class CalendarSetup
{
    public static IServiceCollection AddProcedureCalendars(this IServiceCollection services)
    {
        services.AddScoped<ProcedureSchedule>();
        services.AddScoped<ICollectiveCalendarSource, ProcedureCalendar>();
        services.AddScoped<ProcedureReminders>();
        services.AddHostedService<ProcedureReminderWorker>();
        return services;
    }
}
