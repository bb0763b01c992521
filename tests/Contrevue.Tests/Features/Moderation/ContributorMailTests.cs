using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contrevue.Features.Accounts;
using Contrevue.Tests.Infrastructure.Mail;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Contrevue.Tests.Features.Moderation;

/// <summary>What a contributor who leaves an address receives, through a real SMTP server on loopback.</summary>
[Collection(AppsCollection.Name)]
public sealed partial class ContributorMailTests(TestApps apps, SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_contributor_confirms_by_the_link_then_hears_the_outcome(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var app = new AppFactory(shared.Database, MailTestSupport.Settings(smtp.Server.Port), ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var contributor = MailTestSupport.NewRecipient("contributrice");

        async Task<int> ProposeAsync(string mayor)
        {
            var response = await anonymous.PostAsJsonAsync("/api/v1/proposals", new
            {
                kind = "territory-contact",
                territory = "42187",
                data = new { mayor },
                source = "Affichage en mairie",
                contributorEmail = contributor,
            });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("awaiting-confirmation", json.RootElement.GetProperty("status").GetString());
            Assert.False(json.RootElement.TryGetProperty("confirmationToken", out _));
            return json.RootElement.GetProperty("id").GetInt32();
        }

        var first = await ProposeAsync("Yves Nicolin");
        var confirmation = Assert.Single(await smtp.Server.WaitForAsync(contributor));
        Assert.Equal("Contrevue : confirmez votre proposition pour Roanne", confirmation.Subject);
        Assert.Contains("jamais publiée", (confirmation.TextBody ?? ""));
        var link = ConfirmationLink().Match((confirmation.TextBody ?? "")).Value;
        Assert.StartsWith("http://localhost/proposer/confirmer?jeton=", link);

        // Not in the queue before confirmation.
        Assert.DoesNotContain($"\"id\":{first},", await moderator.GetStringAsync("/api/v1/moderation/queue?territory=42187"));
        var confirmPage = new Uri(link).PathAndQuery;
        var confirmed = await new FormSession(anonymous).SubmitAsync(confirmPage, new Dictionary<string, string>
        {
            ["jeton"] = confirmPage.Split("jeton=")[1],
        });
        Assert.Contains("C'est confirmé", HtmlText.Visible(await confirmed.Content.ReadAsStringAsync()));
        Assert.Contains($"\"id\":{first},", await moderator.GetStringAsync("/api/v1/moderation/queue?territory=42187"));

        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsync($"/api/v1/moderation/{first}/approve", null)).StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(smtp.Server.MessagesTo(contributor).Count == 2), "the approval notice");
        var approved = smtp.Server.MessagesTo(contributor).Single(m => m.Subject != confirmation.Subject);
        Assert.Equal("Contrevue : votre proposition pour Roanne est publiée", approved.Subject);
        Assert.Contains($"proposition n° {first}", approved.TextBody ?? "");

        var second = await ProposeAsync("Un autre nom");
        await Eventually.TrueAsync(() => Task.FromResult(smtp.Server.MessagesTo(contributor).Count == 3), "the second confirmation");
        var secondLink = new Uri(ConfirmationLink().Match(smtp.Server.MessagesTo(contributor).Last(m => m.Subject == confirmation.Subject && !(m.TextBody ?? "").Contains(link, StringComparison.Ordinal)).TextBody ?? "").Value).PathAndQuery;
        await new FormSession(anonymous).SubmitAsync(secondLink, new Dictionary<string, string> { ["jeton"] = secondLink.Split("jeton=")[1] });
        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsJsonAsync($"/api/v1/moderation/{second}/reject", new { reason = "Le maire n'a pas changé." })).StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(smtp.Server.MessagesTo(contributor).Count == 4), "the rejection notice");
        var rejected = smtp.Server.MessagesTo(contributor).Single(m => (m.Subject ?? "").Contains("n'a pas été retenue", StringComparison.Ordinal));
        Assert.Contains("Raison donnée : Le maire n'a pas changé.", rejected.TextBody ?? "");
        Assert.Contains("Le maire n&#39;a pas changé.", rejected.HtmlBody ?? "");
    }

    [GeneratedRegex(@"http://\S+/proposer/confirmer\?jeton=[A-Za-z0-9_-]+")]
    private static partial Regex ConfirmationLink();
}
