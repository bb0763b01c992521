using Contrevue.Features.Procedures.Calendar;
using Contrevue.Features.Procedures.Deadlines;

namespace Contrevue.Features.Procedures;

public static class ProceduresSetup
{
    public static IServiceCollection AddProcedures(this IServiceCollection services)
    {
        services.AddScoped<ExtraHolidays>();
        services.AddScoped<IExtraHolidaySource>(provider => provider.GetRequiredService<ExtraHolidays>());
        services.AddProcedureCalendars();
        return services;
    }

    public static IEndpointRouteBuilder MapProcedures(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDeadlineApi();
        endpoints.MapProcedureCalendars();
        return endpoints;
    }
}
