using Contrevue.Infrastructure.Security;
using Contrevue.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Contrevue.Features.Accounts;

public static class AccountsSetup
{
    /// <summary>Chooses the token scheme when a bearer token is sent, the session cookie otherwise.</summary>
    private const string SelectorScheme = "contrevue";

    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, SelectorScheme, options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();

        services.AddIdentityCore<ContrevueUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = PasswordRules.MinimumLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                // Only wrong second-factor codes lock (see PasswordSignIn): wrong passwords are slowed, not locked.
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.SignIn.RequireConfirmedEmail = false;
                // Same version as ContrevueDbContext.OnModelCreating builds: the stores then use the passkeys table.
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ContrevueDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<FrenchIdentityErrors>()
            .AddPasswordValidator<PasswordRules>();

        // The relying party ID of passkeys is the request's host unless Passkeys:ServerDomain says otherwise;
        // the origin checked is the request's, so behind a proxy ForwardedHeaders must be enabled.
        services.AddOptions<IdentityPasskeyOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            if (configuration["Passkeys:ServerDomain"] is { Length: > 0 } domain)
            {
                options.ServerDomain = domain;
            }
        });

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "contrevue-session";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = "/connexion";
            options.LogoutPath = "/deconnexion";
            options.AccessDeniedPath = "/acces-refuse";
            // The sign-in page reads "retour" (ReturnUrl.Local): one parameter, one rule.
            options.ReturnUrlParameter = "retour";
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;
            // The API answers 401/403, never a redirect to a login page.
            options.Events.OnRedirectToLogin = context => ApiStatusOrRedirect(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => ApiStatusOrRedirect(context, StatusCodes.Status403Forbidden);
        });
        services.ConfigureExternalCookie(options => options.Cookie.Name = "contrevue-external");
        services.Configure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, options =>
        {
            options.Cookie.Name = "contrevue-2fa";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Member, policy => policy.RequireAuthenticatedUser().AddRequirements(new TwoFactorRequirement()))
            .AddPolicy(Policies.Moderator, policy => policy.RequireRole(Roles.Moderator, Roles.Admin).AddRequirements(new TwoFactorRequirement()))
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin).AddRequirements(new TwoFactorRequirement()));

        services.AddSingleton<IClaimsTransformation, SecondFactorClaims>();
        services.AddRateLimiter(AccountRateLimits.Configure);
        services.AddScoped<ApiTokenService>();
        services.AddScoped<PasswordSignIn>();
        services.AddSingleton<SignInSlowdown>();
        services.AddScoped<AccountAdministration>();
        services.AddScoped<InvitationService>();
        services.AddScoped<PasswordResetService>();
        services.AddSingleton<PasswordResetRequests>();
        services.AddHostedService<PasswordResetWorker>();
        services.AddScoped<AccountDataService>();
        return services;
    }

    public static WebApplication UseAccounts(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseApiSessionWriteCheck();
        app.UseRateLimiter();
        // An admin or moderator signed in without TOTP may only set it up (or leave).
        app.Use(async (context, next) =>
        {
            var user = context.User;
            if (user.Identity?.IsAuthenticated == true && !TwoFactorRequirement.IsSatisfied(user)
                && HttpMethods.IsGet(context.Request.Method)
                && !context.Request.Path.StartsWithSegments("/api")
                && !context.Request.Path.StartsWithSegments("/compte/double-authentification")
                && !context.Request.Path.StartsWithSegments("/deconnexion"))
            {
                context.Response.Redirect("/compte/double-authentification");
                return;
            }
            await next(context);
        });
        app.UseAuthorization();
        return app;
    }

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAccountApi();
        endpoints.MapPasskeys();
        return endpoints;
    }

    private static Task ApiStatusOrRedirect<TOptions>(Microsoft.AspNetCore.Authentication.RedirectContext<TOptions> context, int status)
        where TOptions : AuthenticationSchemeOptions
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
