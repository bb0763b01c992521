using Microsoft.AspNetCore.Antiforgery;

namespace Contrevue.Features.Accounts;

/// <summary>
/// The API's rule for writes: an API token (Bearer) needs nothing more; anything else that authenticated the
/// request — the session cookie — must come with the antiforgery token of one of the site's pages, in the
/// <c>RequestVerificationToken</c> header as wwwroot/js/passkeys.js sends it. Another site can make a browser
/// send the cookie (a text/plain POST needs no preflight) but cannot read that token. Anonymous writes (public
/// proposals) carry no session and need no token. Applied to every path under /api, so a new endpoint has it
/// without asking.
/// </summary>
public static class ApiSessionWrites
{
    public const string Title = "Jeton anti-falsification absent ou invalide";

    public static WebApplication UseApiSessionWriteCheck(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (IsWrite(context.Request.Method) && context.Request.Path.StartsWithSegments("/api")
                && context.User.Identities.Any(identity => identity.IsAuthenticated && identity.AuthenticationType != ApiTokenAuthenticationHandler.SchemeName)
                && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
            {
                await TypedResults.Problem(
                    title: Title,
                    detail: "Une écriture par l'API avec la session du navigateur doit porter le jeton anti-falsification d'une page du site " +
                        "(en-tête RequestVerificationToken). Un programme s'authentifie avec un jeton d'API (Authorization: Bearer).",
                    statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }

    private static bool IsWrite(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));
}
