using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Administration;
using Contrevue.Features.Campaigns;
using Contrevue.Features.Collectives;
using Contrevue.Features.DataRights;
using Contrevue.Features.Procedures.Templates;
using Contrevue.Features.Moderation;
using Contrevue.Features.Observatoire;
using Contrevue.Features.Procedures;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Abuse;
using Contrevue.Infrastructure.Files;
using Contrevue.Infrastructure.Localization;
using Contrevue.Infrastructure.Mail;
using Contrevue.Infrastructure.Security;
using Contrevue.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Infrastructure;

/// <summary>Everything the app registers and maps, in one place: Program.cs stays two lines.</summary>
public static class ContrevueSetup
{
    /// <summary>
    /// The content root (appsettings.json, bundled data) is the app's own folder, whatever the working
    /// directory; the working directory only decides where the default SQLite file goes.
    /// </summary>
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        ContentRootPath = AppContext.BaseDirectory,
    };

    public static WebApplicationBuilder AddContrevue(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var provider = DatabaseSetup.ReadProvider(configuration);
        var connectionString = DatabaseSetup.ReadConnectionString(configuration, provider);
        builder.Services.AddDbContextPool<ContrevueDbContext>(options => DatabaseSetup.Configure(options, provider, connectionString));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.Services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, context, _) =>
        {
            document.Info.Title = "Contrevue API";
            document.Info.Description = "Données ouvertes de Contrevue : territoires (communes, départements, régions, EPCI).";
            // The document is cached for everyone: its server is the configured address, not the request's.
            if (context.ApplicationServices.GetRequiredService<SiteAddress>().Configured is { } publicUrl)
            {
                document.Servers = [new() { Url = publicUrl }];
            }
            return Task.CompletedTask;
        }));

        builder.AddContrevueLocalization();
        builder.AddContrevueSecurity();
        builder.Services.AddContrevueDataProtection();
        builder.AddContrevueWeb();
        builder.Services.AddContrevueMail(configuration);
        builder.AddAbuseResistance();
        builder.Services.AddStoredFiles(configuration);
        builder.Services.AddTerritories();
        builder.Services.AddAccounts();
        builder.Services.AddCollectives();
        builder.Services.AddModeration();
        builder.Services.AddObservatoire(configuration);
        builder.Services.AddCampaigns();
        builder.Services.AddProcedures();
        builder.Services.AddProcedureTemplates();
        builder.Services.AddDataRights();
        builder.Services.AddAdministration();
        return builder;
    }

    public static WebApplication MapContrevue(this WebApplication app)
    {
        app.UseContrevueSecurity();
        app.UseContrevueLocalization();
        app.UseContrevueWeb();
        app.UseAccounts();
        app.UseAbuseResistance();
        app.UseInputRule();

        app.MapStaticAssets();
        app.MapHealthChecks("/healthz");
        app.MapSecurityTxt();
        app.MapOpenApi("/openapi/{documentName}.json").CacheOutput(CachePolicies.Reference);
        app.MapRazorPages();
        app.MapStoredFiles();
        app.MapTerritories();
        app.MapAccounts();
        app.MapCollectives();
        app.MapModerationApi();
        app.MapObservatoire();
        app.MapCampaigns();
        app.MapProcedures();
        app.MapProcedureTemplates();
        return app;
    }

    /// <summary>Applies migrations, loads the bundled territory data when it is not loaded yet, and fills an empty dossier search index.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await app.MigrateDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<Features.Territories.Import.TerritoryImporter>();
        await importer.ImportBundledIfNeededAsync(app.Lifetime.ApplicationStopping);
        await scope.ServiceProvider.GetRequiredService<Features.Observatoire.Search.DossierSearchIndexer>().RebuildIfEmptyAsync(app.Lifetime.ApplicationStopping);
        await CampaignSeed.SeedAsync(scope.ServiceProvider.GetRequiredService<ContrevueDbContext>(), TimeProvider.System, app.Lifetime.ApplicationStopping);
    }

    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        await db.Database.MigrateAsync();
    }
}
