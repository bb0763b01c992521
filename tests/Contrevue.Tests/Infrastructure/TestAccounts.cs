using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Infrastructure;

public static class TestAccounts
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
}
