using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Contrevue.Features.Collectives;
using Contrevue.Features.Newsletter;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Newsletter.Subscriptions;

/// <summary>What the subscription tests share: subscribing through the API, the e-mailed links, the rows.</summary>
internal static partial class SubscriptionWorld
{
    public static Dictionary<string, string> Settings(Dictionary<string, string>? more = null)
    {
        var settings = more ?? [];
        settings["Abuse:UnverifiedPerMinute"] = "500";
        return settings;
    }

    public static string NewEmail(string name) => $"{name}-{Guid.NewGuid():N}@example.org";

    public static async Task SubscribeAsync(HttpClient client, string email, string[] lists, params string[] topics)
    {
        var response = await client.PostAsJsonAsync("/api/v1/newsletter/subscriptions", new { email, lists, topics });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public static async Task<Subscriber?> SubscriberAsync(AppFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().Set<Subscriber>().AsNoTracking()
            .Include(s => s.Subscriptions).FirstOrDefaultAsync(s => s.Email == email);
    }

    public static async Task<List<ConsentRecord>> ConsentsAsync(AppFactory app, int subscriberId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().Set<ConsentRecord>().AsNoTracking()
            .Where(c => c.SubscriberId == subscriberId).OrderBy(c => c.Id).ToListAsync();
    }

    public static async Task<List<string>> OutboxTextsAsync(AppFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.Recipient == email).OrderBy(m => m.Id).Select(m => m.TextBody).ToListAsync();
    }

    /// <summary>The confirmation path (/lettre/confirmer?jeton=…) of the last e-mail queued to the address.</summary>
    public static async Task<string> ConfirmationPathAsync(AppFactory app, string email)
    {
        var body = (await OutboxTextsAsync(app, email)).Last();
        var match = ConfirmLink().Match(body);
        Assert.True(match.Success, body);
        return match.Groups[1].Value;
    }

    public static string TokenOf(string path) => Uri.UnescapeDataString(path.Split("jeton=")[1].Split('&')[0]);

    /// <summary>As if the day's confirmation was sent long ago: the next request may send one.</summary>
    public static async Task ADayLaterAsync(AppFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var past = TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-2);
        await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().Set<Subscriber>().Where(s => s.Email == email)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ConfirmationSentAt, past));
    }

    public static async Task<(string Path, int Id)> PreferencesAsync(AppFactory app, string email)
    {
        var subscriber = (await SubscriberAsync(app, email))!;
        var links = app.Services.GetRequiredService<NewsletterLinks>();
        return ("/lettre/preferences?jeton=" + Uri.EscapeDataString(links.SubscriberToken(subscriber.Id)), subscriber.Id);
    }

    /// <summary>Subscribes through the API and confirms through the button page.</summary>
    public static async Task<Subscriber> ConfirmedAsync(AppFactory app, string email, string[] lists, params string[] topics)
    {
        var client = app.CreateBrowserlessClient();
        await SubscribeAsync(client, email, lists, topics);
        var path = await ConfirmationPathAsync(app, email);
        var confirmed = await new FormSession(client).SubmitAsync(path, new Dictionary<string, string> { ["jeton"] = TokenOf(path) });
        Assert.Contains("C'est confirmé", HtmlText.Visible(await confirmed.Content.ReadAsStringAsync()));
        return (await SubscriberAsync(app, email))!;
    }

    /// <summary>A member's browser session (password sign-in) and a new collective it belongs to.</summary>
    public static async Task<(FormSession Session, int CollectiveId, string UserId)> MemberOfNewCollectiveAsync(AppFactory app)
    {
        var (admin, _) = await TestAccounts.CreateWithTokenAsync(app, Contrevue.Infrastructure.Security.Roles.Admin);
        var (member, _) = await TestAccounts.CreateWithTokenAsync(app, Contrevue.Infrastructure.Security.Roles.Member);
        int collectiveId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (collective, errors) = await scope.ServiceProvider.GetRequiredService<CollectiveService>()
                .CreateAsync(admin.Id, $"Collectif {Guid.NewGuid():N}"[..30], null, "42218", CancellationToken.None);
            Assert.True(collective is not null, string.Join(" ", errors));
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            db.Add(new CollectiveMember { CollectiveId = collective.Id, UserId = member.Id, JoinedAt = TimeProvider.System.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
            // Listed: it has a public profile, where its open list is offered.
            await db.Set<Collective>().Where(c => c.Id == collective.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.Listed, true));
            collectiveId = collective.Id;
        }
        var session = new FormSession(app.CreateBrowserlessClient());
        var signedIn = await session.SubmitAsync("/connexion", new Dictionary<string, string> { ["Input.Email"] = member.Email!, ["Input.Password"] = TestAccounts.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return (session, collectiveId, member.Id);
    }

    [GeneratedRegex(@"https?://[^/\s]+(/lettre/confirmer\?jeton=[A-Za-z0-9_%-]+)")]
    private static partial Regex ConfirmLink();
}
