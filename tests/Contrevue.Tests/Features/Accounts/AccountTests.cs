using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contrevue.Features.Accounts;
using Contrevue.Infrastructure.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Accounts;

/// <summary>
/// Accounts on a second instance of the shared database, so that lockouts stay within each test; a
/// test that meets the sign-in rate limit sends from its own address (the count is shared on PostgreSQL).
/// </summary>
[Collection(AppsCollection.Name)]
public sealed partial class AccountTests(TestApps apps)
{
    private const string StrongPassword = "une phrase de passe assez longue";

    private static string[] Settings(TestDatabase database) =>
        [$"--Database:Provider={database.Provider}", $"--ConnectionStrings:Default={database.ConnectionString}"];

    private static string NewEmail(string role) => $"{role}-{Guid.NewGuid():N}@contrevue.test";

    private static async Task<(int ExitCode, string Output, string Error)> RunCliAsync(string[] args, string? standardInput = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var (originalOut, originalError, originalIn) = (Console.Out, Console.Error, Console.In);
        Console.SetOut(output);
        Console.SetError(error);
        if (standardInput is not null)
        {
            Console.SetIn(new StringReader(standardInput));
        }
        try
        {
            return (await ContrevueCli.RunAsync(args), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
            Console.SetIn(originalIn);
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Admin_is_created_from_the_cli_with_a_password_argument_or_standard_input(DatabaseProvider provider)
    {
        var database = (await apps.GetAsync(provider)).Database;
        var (first, second) = (NewEmail("admin"), NewEmail("admin"));

        var created = await RunCliAsync(["admin", "create", "--email", first, "--password", StrongPassword, .. Settings(database)]);
        var fromStdin = await RunCliAsync(["admin", "create", "--email", second, .. Settings(database)], StrongPassword + "\n");
        var duplicate = await RunCliAsync(["admin", "create", "--email", first, "--password", StrongPassword, .. Settings(database)]);
        var weak = await RunCliAsync(["admin", "create", "--email", NewEmail("admin"), "--password", "court", .. Settings(database)]);
        var common = await RunCliAsync(["admin", "create", "--email", NewEmail("admin"), "--password", "motdepasse12345", .. Settings(database)]);
        var missing = await RunCliAsync(["admin", "create", "--password", StrongPassword, .. Settings(database)]);

        Assert.Equal(0, created.ExitCode);
        Assert.Equal(0, fromStdin.ExitCode);
        // The command first says which database it writes, then what went wrong.
        Assert.StartsWith("Base de données : ", duplicate.Error, StringComparison.Ordinal);
        Assert.Equal((1, $"Un compte existe déjà pour {first}."), (duplicate.ExitCode, duplicate.Error.Trim().Split('\n')[^1].Trim()));
        Assert.Equal(1, weak.ExitCode);
        Assert.Contains("au moins 15 caractères", weak.Error);
        Assert.Equal(1, common.ExitCode);
        Assert.Contains("trop courant", common.Error);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--email est requis", missing.Error);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Cli_token_authenticates_api_calls_with_its_account_role_until_revoked(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var email = NewEmail("admin");
        Assert.Equal(0, (await RunCliAsync(["admin", "create", "--email", email, "--password", StrongPassword, .. Settings(app.Database)])).ExitCode);

        var created = await RunCliAsync(["token", "create", "--email", email, "--name", "import nocturne", .. Settings(app.Database)]);
        var unknown = await RunCliAsync(["token", "create", "--email", NewEmail("nobody"), "--name", "x", .. Settings(app.Database)]);

        Assert.Equal(0, created.ExitCode);
        Assert.Equal(1, unknown.ExitCode);
        var token = created.Output.Trim().Split('\n')[^1].Trim();
        Assert.StartsWith(ApiTokenService.TokenPrefix, token);

        var client = app.CreateBrowserlessClient();
        using var anonymous = await client.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var me = await client.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        using (var json = JsonDocument.Parse(await me.Content.ReadAsStringAsync()))
        {
            Assert.Equal(email, json.RootElement.GetProperty("email").GetString());
            Assert.Equal(["admin"], json.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            // An operator's token is exempt from the interactive TOTP requirement.
            Assert.Equal("token", json.RootElement.GetProperty("authenticatedWith").GetString());
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "pas-un-jeton");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);

        using (var scope = app.Services.CreateScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<ApiTokenService>();
            var stored = await tokens.FindActiveAsync(token, default);
            Assert.NotNull(stored);
            Assert.NotEqual(token, stored.Hash); // only the hash is kept
            Assert.True(await tokens.RevokeAsync(stored.UserId, stored.Id, default));
        }
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Admin_must_set_up_totp_before_anything_else_and_then_signs_in_with_a_code(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var host = new AppFactory(shared.Database, ownsDatabase: false);
        // On PostgreSQL the instances share their sign-in counts: this burst comes from its own address,
        // so that it neither meets nor spends the other tests' allowance.
        var address = new System.Net.IPAddress([10, 99, (byte)Random.Shared.Next(256), (byte)Random.Shared.Next(1, 255)]);
        var app = host.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new FromAddress(address))));
        var email = NewEmail("admin");
        Assert.Equal(0, (await RunCliAsync(["admin", "create", "--email", email, "--password", StrongPassword, .. Settings(host.Database)])).ExitCode);
        var session = new FormSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));

        var signedIn = await session.SubmitAsync("/connexion", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = StrongPassword });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/compte", signedIn.Headers.Location?.OriginalString);

        // Without TOTP, an admin's session leads only to the set-up page, and the API refuses it.
        var account = await session.Client.GetAsync("/compte");
        Assert.Equal("/compte/double-authentification", account.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await session.Client.GetAsync("/api/v1/me")).StatusCode);

        var setup = await session.Client.GetStringAsync("/compte/double-authentification");
        Assert.Contains("doivent utiliser la double authentification", HtmlText.Visible(setup));
        var key = SharedKey().Match(setup).Groups[1].Value;
        var wrong = await session.SubmitAsync("/compte/double-authentification", new Dictionary<string, string> { ["Code"] = "000000" });
        Assert.Contains("Code incorrect", HtmlText.Visible(await wrong.Content.ReadAsStringAsync()));
        var enabled = await session.SubmitAsync("/compte/double-authentification", new Dictionary<string, string> { ["Code"] = FormSession.TotpCode(key) });
        var enabledPage = HtmlText.Visible(await enabled.Content.ReadAsStringAsync());
        Assert.Contains("codes de secours", enabledPage);

        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/compte")).StatusCode);
        using (var me = JsonDocument.Parse(await session.Client.GetStringAsync("/api/v1/me")))
        {
            Assert.Equal("session", me.RootElement.GetProperty("authenticatedWith").GetString());
        }

        // Next time: password, then the code.
        var logout = await session.SubmitAsync("/compte", new Dictionary<string, string>(), "/deconnexion");
        Assert.Equal("/", logout.Headers.Location?.OriginalString);
        var password = await session.SubmitAsync("/connexion", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = StrongPassword });
        Assert.StartsWith("/connexion/code", password.Headers.Location?.OriginalString);
        var code = await session.SubmitAsync("/connexion/code", new Dictionary<string, string> { ["Code"] = FormSession.TotpCode(key) });
        Assert.Equal("/compte", code.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/compte")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Wrong_passwords_do_not_lock_the_account_and_bursts_are_refused(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var host = new AppFactory(shared.Database, ownsDatabase: false);
        // On PostgreSQL the instances share their sign-in counts: this burst comes from its own address,
        // so that it neither meets nor spends the other tests' allowance.
        var address = new System.Net.IPAddress([10, 99, (byte)Random.Shared.Next(256), (byte)Random.Shared.Next(1, 255)]);
        var app = host.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new FromAddress(address))));
        var email = NewEmail("admin");
        Assert.Equal(0, (await RunCliAsync(["admin", "create", "--email", email, "--password", StrongPassword, .. Settings(host.Database)])).ExitCode);
        var session = new FormSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));

        var messages = new List<string>();
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var response = await session.SubmitAsync("/connexion", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "pas le bon mot de passe du tout" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            messages.Add(HtmlText.Visible(await response.Content.ReadAsStringAsync()));
        }
        // No lockout (anyone could lock anyone out) and nothing that says the account exists: the
        // sixth attempt is only slowed down (see Hardening/LockoutAndDiscoveryTests).
        Assert.All(messages, message => Assert.Contains("Adresse e-mail ou mot de passe incorrect.", message));
        Assert.All(messages, message => Assert.DoesNotContain("bloqué", message));
        var owner = await new FormSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }))
            .SubmitAsync("/connexion", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = StrongPassword });
        Assert.Equal(HttpStatusCode.Redirect, owner.StatusCode);

        HttpResponseMessage? limited = null;
        // The windows are the clock's minutes: should one close during the test, 20 attempts still fill the next.
        for (var attempt = 0; attempt < 20 && limited is null; attempt++)
        {
            var response = await session.SubmitAsync("/connexion", new Dictionary<string, string> { ["Input.Email"] = NewEmail("x"), ["Input.Password"] = "n'importe quoi du tout" });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }
        Assert.NotNull(limited);
        Assert.Contains("Trop de tentatives", await limited.Content.ReadAsStringAsync());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Account_pages_send_anonymous_visitors_to_the_sign_in_page(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        var account = await client.GetAsync("/compte");
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        Assert.StartsWith("/connexion", account.Headers.Location?.PathAndQuery ?? account.Headers.Location?.OriginalString);
        var signIn = await client.GetStringAsync("/connexion");
        Assert.Contains("Connexion à l'espace militant", HtmlText.Visible(signIn));
        Assert.Contains("autocomplete=\"current-password\"", signIn);
        var invalid = await new FormSession(client).SubmitAsync("/connexion", new Dictionary<string, string> { ["Input.Email"] = "pas-une-adresse", ["Input.Password"] = "" });
        var invalidText = HtmlText.Visible(await invalid.Content.ReadAsStringAsync());
        Assert.Contains("Cette adresse e-mail n'est pas valide.", invalidText);
        Assert.Contains("Indiquez votre mot de passe.", invalidText);
    }

    [GeneratedRegex("<code class=\"secret\">([a-z0-9 ]+)</code>")]
    private static partial Regex SharedKey();

    private sealed class FromAddress(System.Net.IPAddress address) : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
