using Contrevue.Data;
using Contrevue.Infrastructure.Abuse;
using Contrevue.Infrastructure.Caching;
using Contrevue.Infrastructure.Files;
using Contrevue.Infrastructure.Hosting;
using Contrevue.Infrastructure.Localization;
using Contrevue.Infrastructure.Mail;
using Contrevue.Infrastructure.Metrics;
using Contrevue.Infrastructure.OpenApi;
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
        builder.Services.AddOpenApi("v1", options => options.AddResponseExamples().AddDocumentTransformer((document, context, _) =>
        {
            document.Info.Title = "Contrevue API";
            document.Info.Description = "Données ouvertes de Contrevue : territoires, dossiers de l'observatoire (JSON, CSV, GeoJSON), fournisseurs, campagnes, agenda, veille, kit ; exports complets sur /donnees. Données sous ODbL 1.0.";
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

    /// <summary>How long a starting instance waits for a database that is restarting, before giving up.</summary>
    public static readonly TimeSpan DatabaseStartPatience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Applies migrations, then lets each feature prepare its data (bundled territories, search index, seeds).
    /// A database that is briefly unreachable (restarting, failing over) is waited for: an instance started
    /// at that moment would otherwise exit, and stay down where nothing restarts it.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var started = TimeProvider.System.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await app.PrepareDatabaseOnceAsync();
                return;
            }
            catch (Exception exception) when (WebSetup.IsDatabaseUnavailable(exception)
                && TimeProvider.System.GetElapsedTime(started) < DatabaseStartPatience
                && !app.Lifetime.ApplicationStopping.IsCancellationRequested)
            {
                var delay = TimeSpan.FromSeconds(Math.Min(attempt, 5));
                // The type and code, not the message: a connection error's message names the server's address.
                app.Logger.LogWarning("Base de données injoignable au démarrage ({Error}) : nouvel essai dans {Delay} s.",
                    exception is PostgresException { SqlState: var code } ? code : exception.GetType().Name, delay.TotalSeconds);
                await Task.Delay(delay, app.Lifetime.ApplicationStopping);
            }
        }
    }

    private static async Task PrepareDatabaseOnceAsync(this WebApplication app)
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
