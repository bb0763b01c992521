using Contrevue.Infrastructure.Security;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Contrevue.Tests.Hardening;

/// <summary>
/// Class 5 of the hardening issue: five wrong passwords from anyone locked the member's API tokens for
/// 15 minutes, and sign-in told (by its message and by its time) whether an account exists. Each
/// attempt comes from its own address (X-Forwarded-For behind a trusted proxy), as a botnet's would,
/// so that the per-client sign-in limit is not what the test measures.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed partial class LockoutAndDiscoveryTests(TestApps apps, ITestOutputHelper output)
{
    private const string WrongPassword = "pas le bon mot de passe du tout";
    private static readonly Dictionary<string, string> BehindProxy = new() { ["ForwardedHeaders:Enabled"] = "true" };

    private static string NewEmail(string role) => $"{role}-{Guid.NewGuid():N}@contrevue.test";

    private static string NewAddress() =>
        $"198.18.{RandomNumberGenerator.GetInt32(0, 256)}.{RandomNumberGenerator.GetInt32(1, 255)}";

    private sealed record Attempt(HttpStatusCode Status, string? Alert, string? Location, TimeSpan Elapsed);

    /// <summary>Opens the sign-in page, then times the POST of the form only.</summary>
    private static async Task<Attempt> SignInAsync(AppFactory app, string email, string password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var address = NewAddress();
        using var page = new HttpRequestMessage(HttpMethod.Get, "/connexion");
        page.Headers.Add("X-Forwarded-For", address);
        var html = await (await client.SendAsync(page)).Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, "no antiforgery token on /connexion");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/connexion")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email, ["Input.Password"] = password, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            }),
        };
        post.Headers.Add("X-Forwarded-For", address);
        var watch = Stopwatch.StartNew();
        var response = await client.SendAsync(post);
        var body = await response.Content.ReadAsStringAsync();
        watch.Stop();
        var alert = Alert().Match(body);
        return new Attempt(response.StatusCode, alert.Success ? HtmlText.Visible(alert.Groups[1].Value).Trim() : null,
            response.Headers.Location?.OriginalString, watch.Elapsed);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Wrong_passwords_from_someone_else_do_not_lock_the_members_token(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, BehindProxy, ownsDatabase: false);
        var (member, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var api = TestAccounts.ClientWithToken(app, token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SignInAsync(app, member.Email!, WrongPassword)).Status);
        }

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);
        // Nor is the owner kept out of the sign-in page: slowed down, not refused.
        var owner = await SignInAsync(app, member.Email!, TestAccounts.Password);
        Assert.Equal(HttpStatusCode.Redirect, owner.Status);
        Assert.Equal("/compte", owner.Location);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Sign_in_says_the_same_for_an_unknown_an_existing_and_a_locked_account(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, BehindProxy, ownsDatabase: false);
        var (member, _) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var (locked, _) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        using (var scope = app.Services.CreateScope())
        {
            // Locked as Identity locks (wrong second-factor codes, say): it must not show either.
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ContrevueUser>>();
            var user = await users.FindByIdAsync(locked.Id);
            Assert.True((await users.SetLockoutEndDateAsync(user!, TimeProvider.System.GetUtcNow().AddMinutes(15))).Succeeded);
        }

        var unknown = await SignInAsync(app, NewEmail("nobody"), WrongPassword);
        var wrong = await SignInAsync(app, member.Email!, WrongPassword);
        var lockedRightPassword = await SignInAsync(app, locked.Email!, TestAccounts.Password);
        var lockedWrongPassword = await SignInAsync(app, locked.Email!, WrongPassword);
        var repeated = new List<Attempt>();
        for (var i = 0; i < 6; i++)
        {
            repeated.Add(await SignInAsync(app, member.Email!, WrongPassword));
        }

        Assert.Equal("Adresse e-mail ou mot de passe incorrect.", unknown.Alert);
        foreach (var attempt in new[] { wrong, lockedRightPassword, lockedWrongPassword }.Concat(repeated))
        {
            Assert.Equal((HttpStatusCode.OK, unknown.Alert), (attempt.Status, attempt.Alert));
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Sign_in_takes_as_long_for_an_unknown_account_as_for_an_existing_one(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, BehindProxy, ownsDatabase: false);
        // Five wrong passwords per account at most: the per-account slowdown does not start.
        var members = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            members.Add((await TestAccounts.CreateWithTokenAsync(app, Roles.Member)).User.Email!);
        }
        await SignInAsync(app, NewEmail("warm-up"), WrongPassword);
        await SignInAsync(app, members[0], WrongPassword);

        var existing = new List<TimeSpan>();
        var unknown = new List<TimeSpan>();
        for (var i = 0; i < 20; i++)
        {
            // Interleaved, so that a slower moment of the machine weighs on both alike.
            existing.Add((await SignInAsync(app, members[i % 5], WrongPassword)).Elapsed);
            unknown.Add((await SignInAsync(app, NewEmail("nobody"), WrongPassword)).Elapsed);
        }

        var (existingMedian, unknownMedian) = (Median(existing), Median(unknown));
        output.WriteLine($"{provider}: median sign-in {existingMedian.TotalMilliseconds:F1} ms for an existing account, {unknownMedian.TotalMilliseconds:F1} ms for an unknown one");
        // Generous: a shared machine is noisy; the leak was 52 ms against 2 ms.
        Assert.InRange(unknownMedian.TotalMilliseconds, existingMedian.TotalMilliseconds / 2, existingMedian.TotalMilliseconds * 2);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_password_reset_request_answers_alike_and_as_fast_for_an_unknown_address(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, BehindProxy, ownsDatabase: false);
        var members = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            members.Add((await TestAccounts.CreateWithTokenAsync(app, Roles.Member)).User.Email!);
        }
        await RequestResetAsync(app, NewEmail("warm-up"));
        await RequestResetAsync(app, NewEmail("warm-up"));

        var existing = new List<(string Page, TimeSpan Elapsed)>();
        var unknown = new List<(string Page, TimeSpan Elapsed)>();
        for (var i = 0; i < 20; i++)
        {
            existing.Add(await RequestResetAsync(app, members[i]));
            unknown.Add(await RequestResetAsync(app, NewEmail("nobody")));
        }

        Assert.Single(existing.Concat(unknown).Select(r => r.Page).Distinct());
        var (existingMedian, unknownMedian) = (Median([.. existing.Select(r => r.Elapsed)]), Median([.. unknown.Select(r => r.Elapsed)]));
        output.WriteLine($"{provider}: median reset request {existingMedian.TotalMilliseconds:F1} ms for an existing account, {unknownMedian.TotalMilliseconds:F1} ms for an unknown one");
        Assert.InRange(unknownMedian.TotalMilliseconds, existingMedian.TotalMilliseconds / 2, existingMedian.TotalMilliseconds * 2);
    }

    private static async Task<(string Page, TimeSpan Elapsed)> RequestResetAsync(AppFactory app, string email)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var address = NewAddress();
        using var page = new HttpRequestMessage(HttpMethod.Get, "/mot-de-passe-oublie");
        page.Headers.Add("X-Forwarded-For", address);
        var token = AntiforgeryToken().Match(await (await client.SendAsync(page)).Content.ReadAsStringAsync());
        Assert.True(token.Success, "no antiforgery token on /mot-de-passe-oublie");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/mot-de-passe-oublie")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = email, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) }),
        };
        post.Headers.Add("X-Forwarded-For", address);
        var watch = Stopwatch.StartNew();
        var response = await client.SendAsync(post);
        var body = await response.Content.ReadAsStringAsync();
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (HtmlText.Visible(body).Replace(email, "", StringComparison.Ordinal), watch.Elapsed);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_member_inviting_an_address_learns_nothing_about_its_account(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (member, _) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var (existing, _) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var (admin, _) = await TestAccounts.CreateWithTokenAsync(app, Roles.Admin);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Contrevue.Data.ContrevueDbContext>();
        var (collective, errors) = await scope.ServiceProvider.GetRequiredService<Contrevue.Features.Collectives.CollectiveService>()
            .CreateAsync(admin.Id, $"Technopolice {Guid.NewGuid():N}"[..24], "Collectif local", "42218", default);
        Assert.Empty(errors);
        db.Add(new Contrevue.Features.Collectives.CollectiveMember { CollectiveId = collective!.Id, UserId = member.Id, JoinedAt = TimeProvider.System.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync();
        var invitations = scope.ServiceProvider.GetRequiredService<InvitationService>();
        var newcomer = NewEmail("nouvelle");

        var toNewcomer = await invitations.InviteAsync(member.Id, false, newcomer, Roles.Member, collective.Id, "http://localhost", default);
        var toExisting = await invitations.InviteAsync(member.Id, false, existing.Email!, Roles.Member, collective.Id, "http://localhost", default);

        Assert.Empty(toNewcomer);
        Assert.Equal(toNewcomer, toExisting);
        // The owner of the existing account is told; no second account can come of it.
        var told = await db.OutboxMessages.Where(m => m.Recipient == existing.Email).Select(m => m.TextBody).ToListAsync();
        Assert.Contains(told, body => body.Contains("Vous y avez déjà un compte", StringComparison.Ordinal));
        Assert.False(await db.Set<Invitation>().AnyAsync(i => i.Email == existing.Email));
        Assert.True(await db.Set<Invitation>().AnyAsync(i => i.Email == newcomer));
    }

    private static TimeSpan Median(List<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("<p class=\"notice\" role=\"alert\">(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex Alert();
}
