using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Contrevue.Infrastructure.Web;

public static class WebSetup
{
    public static WebApplicationBuilder AddContrevueWeb(this WebApplicationBuilder builder)
    {
        // Run from a build (dotnet run), assets and their compressed copies are found through the
        // build's manifest in every environment, not only Development; a published app has none and
        // serves its wwwroot folder.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorPages(options =>
            {
                // Pages live with their feature (Features/<Feature>/Pages) and declare absolute routes.
                options.RootDirectory = "/";
            })
            .AddMvcOptions(options => options.Filters.Add<BindingFailurePageFilter>())
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.Razor.RazorViewEngineOptions>(options =>
            options.PageViewLocationFormats.Add("/Pages/Shared/{0}.cshtml"));
        // French text is written as is, not as &#xE9; entities: smaller pages, readable source.
        builder.Services.AddWebEncoders(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddOutputCache(CachePolicies.Configure);
        // No "Server: Kestrel": nothing to tell a scanner.
        builder.WebHost.ConfigureKestrel(options => options.AddServerHeader = false);
        // These categories write raw request values (a parameter that failed to bind, the decoded path)
        // at Debug and Information: an operator turning up "Microsoft.AspNetCore" must not let a
        // visitor's CR/LF forge log lines. Registered after the configuration's rules, so they win.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Http.RequestDelegateFactory", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Mvc.ModelBinding", LogLevel.Warning);
        // At Trace, the invokers write every handler's arguments: a search word, an e-mail address.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Mvc.Infrastructure", LogLevel.Warning);
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
        });
        return builder;
    }

    public static WebApplication UseContrevueWeb(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = WriteServerError,
        });
        // Unknown URLs: the French 404 page for browsers, problem details for the API.
        app.UseStatusCodePages(WriteStatusCodePage);
        app.UseRouting();
        return app;
    }

    public static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    private static async Task WriteStatusCodePage(StatusCodeContext statusContext)
    {
        var context = statusContext.HttpContext;
        var status = context.Response.StatusCode;
        if (IsApiRequest(context.Request))
        {
            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = status,
                    Title = status == StatusCodes.Status404NotFound ? Text(context)["Ressource introuvable"] : ReasonPhrase(status),
                },
            });
            return;
        }
        if (status == StatusCodes.Status400BadRequest && InputRule.RefusalOf(context) is not null)
        {
            await ReExecuteAsync(statusContext, "/requete-refusee");
            return;
        }
        if (status == StatusCodes.Status404NotFound && HttpMethods.IsGet(context.Request.Method))
        {
            var originalPath = context.Request.Path;
            context.Request.Path = "/introuvable";
            try
            {
                context.SetEndpoint(null);
                context.Request.RouteValues.Clear();
                await statusContext.Next(context);
            }
            finally
            {
                context.Request.Path = originalPath;
            }
        }
    }

    /// <summary>The refused request's page, as a GET of the error page whatever the method: no handler, no antiforgery check.</summary>
    private static async Task ReExecuteAsync(StatusCodeContext statusContext, string path)
    {
        var context = statusContext.HttpContext;
        var (originalPath, originalQuery, originalMethod) = (context.Request.Path, context.Request.QueryString, context.Request.Method);
        context.Request.Path = path;
        context.Request.QueryString = QueryString.Empty;
        context.Request.Method = HttpMethods.Get;
        try
        {
            context.SetEndpoint(null);
            context.Request.RouteValues.Clear();
            await statusContext.Next(context);
        }
        finally
        {
            (context.Request.Path, context.Request.QueryString, context.Request.Method) = (originalPath, originalQuery, originalMethod);
        }
    }

    private static async Task WriteServerError(HttpContext context)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error is { } error && IsDatabaseUnavailable(error))
        {
            // The database restarts or fails over: nothing was saved, the request can be sent again shortly.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = Text(context)["Service momentanément indisponible : réessayez dans quelques secondes. Rien n'a été enregistré."],
                },
            });
            return;
        }
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = Text(context)["Erreur interne : l'équipe technique doit être prévenue."],
            },
        });
    }

    /// <summary>A lost or refused database connection anywhere in the chain (EF wraps it once or twice).</summary>
    public static bool IsDatabaseUnavailable(Exception error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current is Npgsql.NpgsqlException { IsTransient: true } or Npgsql.PostgresException { SqlState: "57P01" or "57P02" or "57P03" })
            {
                return true;
            }
        }
        return false;
    }

    private static Microsoft.Extensions.Localization.IStringLocalizer Text(HttpContext context) =>
        context.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
