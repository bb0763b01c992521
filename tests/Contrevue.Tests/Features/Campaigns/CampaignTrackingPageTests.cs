using Contrevue.Infrastructure.Security;
using System.Net;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Contrevue.Tests.Features.Campaigns;

/// <summary>The campaign's loop in the pages, as a browser without JavaScript uses them.</summary>
[Collection(AppsCollection.Name)]
public sealed class CampaignTrackingPageTests(TestApps apps)
{
    private const string Campaign = "/campagnes/pas-de-vsa-dans-ma-ville";

    private static string Today => Contrevue.Infrastructure.Time.ParisCalendar.Today(TimeProvider.System).ToString("yyyy-MM-dd");

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_sender_records_a_letter_and_reports_the_answer_that_a_moderator_publishes(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var app = new AppFactory(shared.Database, ownsDatabase: false);
        var visitor = new FormSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true }));
        const string nantes = "44109";

        var commune = HtmlText.Visible(await visitor.Client.GetStringAsync("/communes/44109-nantes"));
        Assert.Contains("Jamais sollicitée", commune);
        Assert.Contains("J'ai envoyé ma lettre", commune);

        // A mistake loses nothing: the form comes back with the French error and what was typed.
        var refused = await visitor.SubmitAsync($"{Campaign}/envoi?territoire={nantes}", new Dictionary<string, string>
        {
            ["Territoire"] = nantes, ["SentOn"] = Today, ["Channel"] = "post", ["PublicName"] = "Collectif Nantes", ["ContactEmail"] = "moi@example.org",
        });
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Cochez la case pour accepter les relances", HtmlText.Visible(refusedHtml));
        Assert.Contains("value=\"Collectif Nantes\"", refusedHtml);

        var sent = await visitor.SubmitAsync($"{Campaign}/envoi?territoire={nantes}", new Dictionary<string, string>
        {
            ["Territoire"] = nantes, ["SentOn"] = Today, ["Channel"] = "post", ["PublicName"] = "Collectif Nantes",
        });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("Merci : votre envoi est enregistré.", HtmlText.Visible(await sent.Content.ReadAsStringAsync()));
        var asked = HtmlText.Visible(await visitor.Client.GetStringAsync("/communes/44109-nantes"));
        Assert.Contains("Sollicitée, sans réponse", asked);
        Assert.Contains("1 demande depuis le", asked);

        var reported = await visitor.SubmitAsync($"{Campaign}/reponse?territoire={nantes}", new Dictionary<string, string>
        {
            ["Territoire"] = nantes, ["Kind"] = "partial", ["RespondedOn"] = Today,
            ["Quote"] = "La ville n'utilisera pas la reconnaissance faciale, mais étudie d'autres outils d'analyse.",
            ["ReportedBy"] = "Collectif Nantes",
        });
        Assert.Contains("transmise à l'équipe de modération", HtmlText.Visible(await reported.Content.ReadAsStringAsync()));
        Assert.Contains("Sollicitée, sans réponse", HtmlText.Visible(await visitor.Client.GetStringAsync("/communes/44109-nantes")));

        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var queue = await moderator.Client.GetStringAsync("/moderation");
        var id = System.Text.RegularExpressions.Regex.Match(queue, "/moderation/reponses/(\\d+)").Groups[1].Value;
        Assert.NotEmpty(id);
        var review = HtmlText.Visible(await moderator.Client.GetStringAsync($"/moderation/reponses/{id}"));
        Assert.Contains("Réponse de Nantes signalée", review);
        Assert.Contains("Collectif Nantes", await moderator.Client.GetStringAsync($"/moderation/reponses/{id}"));

        // The moderator corrects the kind before publishing.
        var approved = await moderator.SubmitAsync($"/moderation/reponses/{id}", new Dictionary<string, string>
        {
            ["Kind"] = "evasive", ["RespondedOn"] = Today, ["Quote"] = "La ville étudie d'autres outils d'analyse.", ["SourceUrl"] = "", ["ReportedBy"] = "Collectif Nantes",
        }, $"/moderation/reponses/{id}?handler=Approve");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);

        var answered = HtmlText.Visible(await visitor.Client.GetStringAsync("/communes/44109-nantes"));
        Assert.Contains("Réponse évasive", answered);
        Assert.Contains("La ville étudie d'autres outils d'analyse.", answered);
        Assert.Contains("signalée par Collectif Nantes", answered);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_moderator_publishes_directly_and_a_contradiction_shows_on_the_commune_page(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var app = new AppFactory(shared.Database, ownsDatabase: false);
        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        const string lille = "59350";

        var published = await moderator.SubmitAsync($"{Campaign}/reponse?territoire={lille}", new Dictionary<string, string>
        {
            ["Territoire"] = lille, ["Kind"] = "committed", ["RespondedOn"] = Contrevue.Infrastructure.Time.ParisCalendar.Today(TimeProvider.System).AddDays(-30).ToString("yyyy-MM-dd"),
            ["Quote"] = "Lille ne déploiera pas de vidéosurveillance algorithmique.",
        });
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Contains("Réponse publiée.", HtmlText.Visible(await moderator.Client.GetStringAsync(published.Headers.Location!.ToString())));

        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var api = TestAccounts.ClientWithToken(app, token);
        var dossier = System.Text.Json.JsonSerializer.SerializeToNode(Observatoire.DossierApiTests.VsaDossier("Caméras « intelligentes » à Lille"))!.AsObject();
        dossier["authority"] = System.Text.Json.JsonSerializer.SerializeToNode(new { kind = "commune", code = lille });
        dossier["statusSince"] = Contrevue.Infrastructure.Time.ParisCalendar.Today(TimeProvider.System).AddDays(-2).ToString("yyyy-MM-dd");
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/dossiers", System.Net.Http.Json.JsonContent.Create(dossier))).StatusCode);

        var page = HtmlText.Visible(await app.CreateClient().GetStringAsync("/communes/59350-lille"));
        Assert.Contains("Engagée", page);
        Assert.Contains("Contradiction : Lille s'est engagée, mais un projet de VSA a avancé depuis.", page);
        Assert.Contains("Caméras « intelligentes » à Lille", page);
    }
}
