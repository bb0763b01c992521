using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using System.Net;

namespace Contrevue.Infrastructure.Security;

public static class SecuritySetup
{
    /// <summary>Same origin only, no inline script or style: every asset is ours.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public const string PermissionsPolicy =
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), " +
        "microphone=(), midi=(), payment=(), publickey-credentials-get=(self), usb=(), browsing-topics=(), interest-cohort=()";

    public static WebApplicationBuilder AddContrevueSecurity(this WebApplicationBuilder builder)
    {
        // Behind a reverse proxy: ForwardedHeaders:Enabled=true, and the proxy's addresses in
        // ForwardedHeaders:KnownProxies (list) or ForwardedHeaders:KnownNetworks (CIDR list).
        // The client address is used by nothing we keep; the scheme matters for HSTS and links.
        builder.Services.AddSingleton<SiteAddress>();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<SiteAddress>((options, site) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            var section = builder.Configuration.GetSection("ForwardedHeaders");
            foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
            foreach (var host in section.GetSection("AllowedHosts").Get<string[]>() ?? [])
            {
                options.AllowedHosts.Add(host);
            }
            // Host filtering runs before this middleware: without this, X-Forwarded-Host would name
            // any host after the check. An empty list would mean any host.
            if (options.AllowedHosts.Count == 0 && !site.AdmitsAnyHost)
            {
                foreach (var host in site.AllowedHosts)
                {
                    options.AllowedHosts.Add(host);
                }
            }
        });
        // The framework's host filter reads the same AllowedHosts setting but answers in English,
        // before any of our middleware, and would refuse health probes: ours (UseContrevueSecurity)
        // does the check, so the framework's lets everything through.
        builder.Services.PostConfigure<HostFilteringOptions>(options => options.AllowedHosts = ["*"]);
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false;
        });
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "contrevue-antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return builder;
    }

    public static WebApplication UseContrevueSecurity(this WebApplication app)
    {
        // At start, not at the first e-mail: a configuration that would build links from any Host does not run.
        var site = app.Services.GetRequiredService<SiteAddress>();
        site.EnsureLinksAreChecked();
        app.Use((context, next) =>
            context.Request.Path.Equals(HealthPath, StringComparison.Ordinal) || (site.Admits(context.Request) && IsReadable(context.Request))
                ? next(context)
                : RefuseHost(context.Response));
        if (app.Configuration.GetValue<bool>("ForwardedHeaders:Enabled"))
        {
            app.UseForwardedHeaders();
        }
        // Set when the response starts, so that handlers which reset headers (the exception handler,
        // static assets) cannot drop them.
        app.Use(static (context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                // A route may send a stricter policy of its own (served files: sandbox); browsers
                // enforce every policy sent, so the site's is added to it rather than replacing it.
                headers.ContentSecurityPolicy = Microsoft.Extensions.Primitives.StringValues.Concat(ContentSecurityPolicy, headers.ContentSecurityPolicy);
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers.XFrameOptions = "DENY";
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
        // HSTS only reaches browsers over HTTPS; the middleware itself skips plain HTTP.
        app.UseHsts();
        return app;
    }

    /// <summary>Orchestrators probe with the container's address as Host; the health check builds no link.</summary>
    private const string HealthPath = "/healthz";

    /// <summary>
    /// A name allowed by a wildcard ("*.example.org") may still be malformed punycode, which
    /// HttpRequest.Host throws on when decoding it: refused here rather than a 500 later.
    /// </summary>
    private static bool IsReadable(HttpRequest request)
    {
        try
        {
            return request.Host.HasValue;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The Host is not echoed: nothing of the request goes back into the answer.</summary>
    private static Task RefuseHost(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status400BadRequest;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(
            "Requête refusée : ce site ne répond pas sous ce nom d'hôte.\n" +
            "(Pour l'administrateur : voir les réglages Site:PublicUrl et AllowedHosts.)\n");
    }
}
