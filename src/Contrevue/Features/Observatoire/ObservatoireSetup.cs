using Contrevue.Data;
using Contrevue.Features.Observatoire.Api;
using Contrevue.Infrastructure.Files;
using Contrevue.Features.Observatoire.Statistics;
using Contrevue.Features.Observatoire.Vendors;
using Contrevue.Features.Observatoire.Reports;
using Contrevue.Features.Observatoire.Listing;
using Contrevue.Features.Observatoire.Search;

namespace Contrevue.Features.Observatoire;

public static class ObservatoireSetup
{
    public static IServiceCollection AddObservatoire(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ObservatoireOptions>(configuration.GetSection("Observatoire"));
        services.AddSingleton<FlagContext>();
        services.AddScoped<DossierEditor>();
        services.AddScoped<DossierService>();
        services.AddScoped<TerritoryDossierQueries>();
        services.AddScoped<DossierLookup>();
        services.AddScoped<Territories.Panels.ITerritoryPanel, TerritoryDossiersPanel>();
        services.AddScoped<Territories.ITerritoryDataVersionSource, DossierDataVersionSource>();
        services.AddScoped<Carte.IMapLayer, Map.DossierMapLayer>();
        services.Configure<Microsoft.AspNetCore.OutputCaching.OutputCacheOptions>(ObservatoireCache.AddPolicies);
        services.AddScoped<ObservatoireFigures>();
        services.AddScoped<Editing.DossierUploads>();
        services.AddScoped<IFileCitations, Files.SourceFileCitations>();
        services.AddScoped<Proposals.SourceProposals>();
        services.AddScoped<Moderation.IProposalPublisher, Proposals.SourceProposalPublisher>();
        services.AddScoped<Proposals.DossierProposals>();
        services.AddScoped<Moderation.IProposalPublisher, Proposals.DossierProposalPublisher>();
        services.AddObservatoireStatistics();
        services.AddVendors();
        services.AddObservatoireReports();
        services.AddScoped<Demo.DemoGenerator>();
        services.AddScoped<IDossierSearch>(provider =>
        {
            var db = provider.GetRequiredService<ContrevueDbContext>();
            return db.ProviderOf() == DatabaseProvider.Postgres ? new PostgresDossierSearch(db) : new SqliteDossierSearch(db);
        });
        services.AddScoped<DossierSearchIndexer>();
        services.AddScoped<Infrastructure.Backup.IRestoredDataRebuilder>(provider => provider.GetRequiredService<DossierSearchIndexer>());
        services.AddScoped<DossierListQuery>();
        services.AddSingleton<DossierRankings>();
        services.AddSingleton<Infrastructure.Caching.ICacheEvictionObserver>(provider => provider.GetRequiredService<DossierRankings>());
        services.AddSingleton<DossierListing>();
        services.AddSingleton<Infrastructure.Caching.ICacheEvictionObserver>(provider => provider.GetRequiredService<DossierListing>());
        services.AddHostedService<DossierListsWarmup>();
        services.AddScoped<Contrevue.Features.OpenData.IOpenDataset, OpenData.DossiersDataset>();
        services.AddScoped<Contrevue.Features.OpenData.IOpenDataset, OpenData.SourcesDataset>();
        services.AddScoped<Contrevue.Features.OpenData.IOpenDataset, OpenData.VendorsDataset>();
        services.AddScoped<Contrevue.Features.OpenData.IOpenDataset, OpenData.VendorRelationsDataset>();
        return services;
    }

    public static IEndpointRouteBuilder MapObservatoire(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDossierApi();
        endpoints.MapObservatoireStatistics();
        endpoints.MapVendors();
        endpoints.MapObservatoireReports();
        endpoints.MapDossierListApi();
        endpoints.MapDossierGeoJsonApi();
        return endpoints;
    }
}
