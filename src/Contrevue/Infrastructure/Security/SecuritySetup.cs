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
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
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
        });
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
}
