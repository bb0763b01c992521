using System.Security.Cryptography;
using System.Text;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Contrevue.Infrastructure.Metrics;

/// <summary>
/// Request, connection, runtime and job metrics in the Prometheus text format, when
/// <c>Metrics:Enabled</c>. The framework's own meters measure requests (labelled by route template,
/// never by path, address or user); the app adds its jobs and its mail outbox.
/// </summary>
public static class MetricsSetup
{
    /// <summary>
    /// Meters whose tags are bounded and name nobody. Not <c>System.Net.Http</c>: its client metrics
    /// carry the fetched host and peer address.
    /// </summary>
    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Runtime",
        AppMeters.Jobs,
        AppMeters.Mail,
    ];

    public static WebApplicationBuilder AddContrevueMetrics(this WebApplicationBuilder builder)
    {
        var settings = Read(builder.Configuration);
        settings.Validate();
        if (!settings.Enabled)
        {
            return builder;
        }
        builder.Services.AddSingleton(settings);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("contrevue"))
            .WithMetrics(metrics => metrics
            .AddMeter(Meters)
            .AddPrometheusExporter());
        if (settings.OnOwnPort)
        {
            // Added to the site's addresses, not set in code: an address set in code would make
            // Kestrel ignore --urls and ASPNETCORE_URLS.
            builder.WebHost.UseUrls([.. SiteUrls(builder.Configuration), OwnUrl(settings)]);
        }
        return builder;
    }

    /// <summary>First in the pipeline: a scrape skips the host check, the rate limits and the pages.</summary>
    public static WebApplication UseContrevueMetrics(this WebApplication app)
    {
        if (app.Services.GetService<MetricsSettings>() is not { } settings)
        {
            return app;
        }
        var tokenHash = string.IsNullOrEmpty(settings.Token) ? null : Hash(settings.Token);
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            predicate: context => IsScrape(context, settings, tokenHash),
            path: null,
            configureBranchedPipeline: null,
            optionsName: null);
        if (settings.OnOwnPort)
        {
            // The metrics listener answers nothing else, not even the site's 404 page.
            app.Use((context, next) =>
            {
                if (context.Connection.LocalPort != settings.Port)
                {
                    return next(context);
                }
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        }
        return app;
    }

    public static MetricsSettings Read(IConfiguration configuration) =>
        configuration.GetSection(MetricsSettings.Section).Get<MetricsSettings>() ?? new MetricsSettings();

    /// <summary>Where the site listens, as Kestrel would read it without the metrics listener.</summary>
    public static IEnumerable<string> SiteUrls(IConfiguration configuration)
    {
        static IEnumerable<string> Split(string? list) =>
            (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var urls = Split(configuration[WebHostDefaults.ServerUrlsKey]).ToList();
        if (urls.Count > 0)
        {
            return urls;
        }
        urls.AddRange(Split(configuration[WebHostDefaults.HttpPortsKey]).Select(port => $"http://*:{port}"));
        urls.AddRange(Split(configuration[WebHostDefaults.HttpsPortsKey]).Select(port => $"https://*:{port}"));
        return urls.Count > 0 ? urls : ["http://localhost:5000"];
    }

    public static string OwnUrl(MetricsSettings settings)
    {
        var host = settings.Address.Contains(':', StringComparison.Ordinal) ? $"[{settings.Address}]" : settings.Address;
        return $"http://{host}:{settings.Port}";
    }

    private static bool IsScrape(HttpContext context, MetricsSettings settings, byte[]? tokenHash)
    {
        var request = context.Request;
        if (settings.OnOwnPort && context.Connection.LocalPort != settings.Port)
        {
            return false;
        }
        return HttpMethods.IsGet(request.Method)
            && request.Path.Equals(settings.Path, StringComparison.Ordinal)
            && (tokenHash is null || CarriesToken(request, tokenHash));
    }

    /// <summary>Compared as hashes in constant time: neither the content nor the length leaks through timing.</summary>
    private static bool CarriesToken(HttpRequest request, byte[] tokenHash)
    {
        const string Scheme = "Bearer ";
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Hash(authorization[Scheme.Length..].Trim()), tokenHash);
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
