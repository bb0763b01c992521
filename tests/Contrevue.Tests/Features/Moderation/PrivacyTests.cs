using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Moderation;

[Collection(AppsCollection.Name)]
public sealed class PrivacyTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Contributor_addresses_are_erased_once_the_delay_after_the_decision_is_over(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        var settings = new Dictionary<string, string> { ["Moderation:EraseContributorEmailsAfterDays"] = "0" };
        await using var app = new AppFactory(shared.Database, settings, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var email = $"vie-privee-{Guid.NewGuid():N}@example.org";
        var response = await app.CreateBrowserlessClient().PostAsJsonAsync("/api/v1/proposals", new
        {
            kind = "territory-contact", territory = "42207", data = new { mayor = "Hervé Reynaud" }, source = "site officiel", contributorEmail = email,
        });
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        var eraser = app.Services.GetRequiredService<ContributorEmailEraser>();

        // Undecided and just sent: kept (the contributor may still confirm).
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            db.Set<Proposal>().Single(p => p.Id == id).Status = ProposalStatus.Pending;
            await db.SaveChangesAsync();
        }
        await eraser.EraseDueAsync(default);
        Assert.True(await HasAddressAsync(app, id));

        var reject = await TestAccounts.ClientWithToken(app, token).PostAsJsonAsync($"/api/v1/moderation/{id}/reject", new { reason = "Doublon" });
        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        Assert.True(await eraser.EraseDueAsync(default) >= 1);
        Assert.False(await HasAddressAsync(app, id));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_moderator_without_totp_cannot_reach_the_moderation_pages(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var app = new AppFactory(shared.Database, ownsDatabase: false);
        var (user, _) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var session = new FormSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        await session.SubmitAsync("/connexion", new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = TestAccounts.Password });

        var queue = await session.Client.GetAsync("/moderation");
        Assert.Equal("/compte/double-authentification", queue.Headers.Location?.OriginalString);
        var review = await session.Client.GetAsync("/moderation/1");
        Assert.Equal("/compte/double-authentification", review.Headers.Location?.OriginalString);

        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.StartsWith("/connexion", (await anonymous.GetAsync("/moderation")).Headers.Location?.AbsolutePath ?? "/connexion");
        var (member, _) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var memberSession = new FormSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        await memberSession.SubmitAsync("/connexion", new Dictionary<string, string> { ["Input.Email"] = member.Email!, ["Input.Password"] = TestAccounts.Password });
        var refused = await memberSession.Client.GetAsync("/moderation");
        Assert.Contains("/acces-refuse", refused.Headers.Location?.OriginalString);
    }

    private static async Task<bool> HasAddressAsync(AppFactory app, int proposalId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().Set<ContributorEmail>().AnyAsync(c => c.ProposalId == proposalId);
    }
}
