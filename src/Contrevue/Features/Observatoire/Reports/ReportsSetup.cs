using Contrevue.Features.Observatoire.History;

namespace Contrevue.Features.Observatoire.Reports;

/// <summary>Reports, their moderation, and the dossiers' public history where hidings and restorings show.</summary>
public static class ReportsSetup
{
    public static IServiceCollection AddObservatoireReports(this IServiceCollection services)
    {
        services.AddScoped<ReportService>();
        services.AddScoped<DossierHistory>();
        services.AddHostedService<ReportClientEraser>();
        return services;
    }

    public static IEndpointRouteBuilder MapObservatoireReports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapReportsApi();
        endpoints.MapDossierHistoryApi();
        return endpoints;
    }
}
