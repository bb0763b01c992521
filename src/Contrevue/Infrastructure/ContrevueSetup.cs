using Contrevue.Data;
using Contrevue.Infrastructure.Abuse;
using Contrevue.Infrastructure.Caching;
using Contrevue.Infrastructure.Files;
using Contrevue.Infrastructure.Hosting;
using Contrevue.Infrastructure.Localization;
using Contrevue.Infrastructure.Mail;
using Contrevue.Infrastructure.Metrics;
using Contrevue.Infrastructure.Security;
using Contrevue.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

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
        if (provider == DatabaseProvider.Postgres)
        {
            // For what shared code asks of PostgreSQL without EF: shared counters, cache notifications.
            builder.Services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        }

        builder.Services.AddSingleton(TimeProvider.System);
        // Before the jobs, so that their first pass, at start-up, is measured.
        builder.AddContrevueMetrics();
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
        builder.Services.AddCacheInvalidation(configuration);
        builder.Services.AddStoredFiles(configuration);
        foreach (var feature in FeatureCatalog.All)
        {
            feature.AddServices(builder);
        }
        return builder;
    }

    public static WebApplication MapContrevue(this WebApplication app)
    {
        app.UseContrevueMetrics();
        app.UseContrevueSecurity();
        app.UseContrevueLocalization();
        app.UseContrevueWeb();
        foreach (var feature in FeatureCatalog.All)
        {
            feature.UseMiddleware(app);
        }
        // After authentication: the cache's own rule (nobody signed in, no Authorization header) then
        // sees who is signed in, and a member never gets, nor leaves, the anonymous copy of a page.
        app.UseOutputCache();
        app.UseAbuseResistance();
        app.UseInputRule();

        app.MapStaticAssets();
        app.MapHealthChecks("/healthz");
        app.MapSecurityTxt();
        app.MapOpenApi("/openapi/{documentName}.json").CacheOutput(CachePolicies.Reference);
        app.MapRazorPages();
        app.MapStoredFiles();
        foreach (var feature in FeatureCatalog.All)
        {
            feature.MapEndpoints(app);
        }
        return app;
    }

    /// <summary>Applies migrations, then lets each feature prepare its data (bundled territories, search index, seeds).</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await app.MigrateDatabaseAsync();
        foreach (var feature in FeatureCatalog.All)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await feature.PrepareAsync(scope.ServiceProvider, app.Lifetime.ApplicationStopping);
        }
    }

    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        app.Logger.LogInformation("Base de données : {Database}", DatabaseSetup.Describe(db.ProviderOf(), db.Database.GetConnectionString()!));
        await db.Database.MigrateAsync();
    }
}
