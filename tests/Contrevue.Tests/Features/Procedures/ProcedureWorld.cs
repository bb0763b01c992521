using Contrevue.Infrastructure.Security;
using System.Net;
using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Collectives;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Procedures;

/// <summary>A member of a collective: their account, an API client with their token, and a signed-in browser session.</summary>
public sealed record CollectiveMemberSession(string UserId, string Email, int CollectiveId, HttpClient Api, FormSession Browser);

public static class ProcedureWorld
{
    public static async Task<int> CreateCollectiveAsync(AppFactory app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var collective = new Collective { Name = $"Collectif {Guid.NewGuid():N}"[..30], CreatedAt = DateTime.UnixEpoch };
        db.Add(collective);
        await db.SaveChangesAsync();
        return collective.Id;
    }

    public static async Task<CollectiveMemberSession> MemberAsync(AppFactory app, int collectiveId, bool signIn = true)
    {
        var (user, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            db.Add(new CollectiveMember { CollectiveId = collectiveId, UserId = user.Id, JoinedAt = DateTime.UnixEpoch });
            await db.SaveChangesAsync();
        }
        var browser = new FormSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        if (signIn)
        {
            var signedIn = await browser.SubmitAsync("/connexion", new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = TestAccounts.Password });
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }
        return new CollectiveMemberSession(user.Id, user.Email!, collectiveId, TestAccounts.ClientWithToken(app, token), browser);
    }
}
