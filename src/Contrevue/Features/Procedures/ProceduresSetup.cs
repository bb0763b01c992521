using Contrevue.Features.Procedures.Deadlines;

namespace Contrevue.Features.Procedures;

public static class ProceduresSetup
{
    public static IServiceCollection AddProcedures(this IServiceCollection services)
    {
        services.AddSingleton<IExtraHolidaySource, NoExtraHolidays>();
        return services;
    }

    public static IEndpointRouteBuilder MapProcedures(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDeadlineApi();
        return endpoints;
    }
}
