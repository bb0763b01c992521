using System.Text.RegularExpressions;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Infrastructure;

public static partial class TestAccounts
{
    public const string Password = "une phrase de passe assez longue";

    /// <summary>A new account of the given role, and an API token for it.</summary>
    public static async Task<(ContrevueUser User, string Token)> CreateWithTokenAsync(AppFactory app, string role)
    {
        using var scope = app.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountAdministration>()
            .CreateAsync($"{role}-{Guid.NewGuid():N}@contrevue.test", Password, role);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        var token = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(result.User!, "tests", default);
        return (result.User!, token.Token);
    }

    public static HttpClient ClientWithToken(AppFactory app, string token)
    {
        var client = app.CreateBrowserlessClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// A browser session (no JavaScript, no automatic redirects) of a new account of the given role,
    /// signed in with its password and having enrolled TOTP, as admins and moderators must before
    /// anything else: its pages are open to it.
    /// </summary>
    public static async Task<FormSession> SignInWithTotpAsync(AppFactory app, string role)
    {
        var (user, _) = await CreateWithTokenAsync(app, role);
        var session = new FormSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        var signedIn = await session.SubmitAsync("/connexion", new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = Password });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signedIn.StatusCode);

        var setup = await session.Client.GetStringAsync("/compte/double-authentification");
        var key = SharedKey().Match(setup);
        Assert.True(key.Success, "no TOTP key on the set-up page");
        var enabled = await session.SubmitAsync("/compte/double-authentification", new Dictionary<string, string> { ["Code"] = FormSession.TotpCode(key.Groups[1].Value) });
        Assert.Contains("codes de secours", HtmlText.Visible(await enabled.Content.ReadAsStringAsync()));
        return session;
    }

    [GeneratedRegex("<code class=\"secret\">([a-z0-9 ]+)</code>")]
    private static partial Regex SharedKey();
}
