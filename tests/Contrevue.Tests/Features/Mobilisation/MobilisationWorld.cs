using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Contrevue.Features.Collectives;
using Contrevue.Features.Mobilisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Mobilisation;

/// <summary>What the mobilisation tests share: signing up through the API, the e-mailed links, a collective with a member.</summary>
internal static partial class MobilisationWorld
{
    /// <summary>Many public writes from one test client: the per-client limit is raised for it.</summary>
    public static Dictionary<string, string> Settings(Dictionary<string, string>? more = null)
    {
        var settings = more ?? [];
        settings["Abuse:UnverifiedPerMinute"] = "200";
        return settings;
    }

    public static async Task SignUpAsync(HttpClient client, string email, string territory, params string[] helpWith)
    {
        var response = await client.PostAsJsonAsync("/api/v1/mobilisation/sign-ups", new { email, territory, collectiveName = "Collectif du test", helpWith, message = "Disponible le soir." });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>The secret of the links of the last e-mail queued to the address (read from the outbox, before delivery).</summary>
    public static async Task<string> TokenSentToAsync(AppFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var body = await db.OutboxMessages.Where(m => m.Recipient == email).OrderByDescending(m => m.Id).Select(m => m.TextBody).FirstAsync();
        var match = ConfirmLink().Match(body);
        Assert.True(match.Success, body);
        return match.Groups[1].Value;
    }

    /// <summary>Signs up and confirms through the button page, as the person would.</summary>
    public static async Task SignUpConfirmedAsync(AppFactory app, HttpClient client, string email, string territory, params string[] helpWith)
    {
        await SignUpAsync(client, email, territory, helpWith);
        var token = await TokenSentToAsync(app, email);
        var confirmed = await new FormSession(client).SubmitAsync($"/rejoindre/confirmer?jeton={token}", new Dictionary<string, string> { ["jeton"] = token });
        Assert.Contains("C'est confirmé", HtmlText.Visible(await confirmed.Content.ReadAsStringAsync()));
    }

    public static async Task<SignUp?> RowAsync(AppFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().Set<SignUp>().AsNoTracking().FirstOrDefaultAsync(s => s.Email == email);
    }

    /// <summary>A collective covering the territories, and a member of it.</summary>
    public static async Task<HttpClient> MemberOfNewCollectiveAsync(AppFactory app, string territories)
    {
        var (admin, _) = await TestAccounts.CreateWithTokenAsync(app, Contrevue.Infrastructure.Security.Roles.Admin);
        var (member, token) = await TestAccounts.CreateWithTokenAsync(app, Contrevue.Infrastructure.Security.Roles.Member);
        await using var scope = app.Services.CreateAsyncScope();
        var (collective, errors) = await scope.ServiceProvider.GetRequiredService<CollectiveService>()
            .CreateAsync(admin.Id, $"Collectif {Guid.NewGuid():N}"[..30], null, territories, CancellationToken.None);
        Assert.True(collective is not null, string.Join(" ", errors));
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        db.Add(new CollectiveMember { CollectiveId = collective.Id, UserId = member.Id, JoinedAt = TimeProvider.System.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync();
        return TestAccounts.ClientWithToken(app, token);
    }

    [GeneratedRegex(@"/rejoindre/confirmer\?jeton=([A-Za-z0-9_-]+)")]
    private static partial Regex ConfirmLink();
}
