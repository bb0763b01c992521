using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Procedures;

/// <summary>
/// The chain a collective walks through in the pages, without JavaScript: a CADA request sent, no
/// answer, the referral created from it with its data pre-filled, and the court deadline explained.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class ProcedureChainTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_CADA_request_without_answer_continues_into_a_referral_whose_court_deadline_is_explained(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var collective = await ProcedureWorld.CreateCollectiveAsync(app);
        var member = (await ProcedureWorld.MemberAsync(app, collective)).Browser;

        var created = await member.SubmitAsync($"/procedures/nouvelle?collectif={collective}", new Dictionary<string, string>
        {
            ["Form.Kind"] = "cada-request",
            ["Form.Title"] = "Marché de VSA de Saint-Étienne",
            ["Form.AuthorityName"] = "Ville de Saint-Étienne",
            ["Form.DepartementCode"] = "42",
            ["Form.Subject"] = "Le CCTP et l'acte d'engagement du marché de vidéosurveillance algorithmique.",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var request = created.Headers.Location!.OriginalString;
        Assert.Contains("Les délais seront calculés dès que la date de départ sera connue.", HtmlText.Visible(await member.Client.GetStringAsync(request)));

        // Sent, then received by the mairie according to the avis de réception: the deadlines start.
        await AddEventAsync(member, request, "sent", "2025-01-27");
        await AddEventAsync(member, request, "received", "2025-01-31");
        var requestPage = HtmlText.Visible(await member.Client.GetStringAsync(request));
        Assert.Contains("vendredi 28 février 2025", requestPage);
        Assert.Contains("31/01/2025 + 1 mois = 28/02/2025", requestPage);
        Assert.Contains("lundi 28 avril 2025", requestPage);
        Assert.Contains("CRPA", requestPage);
        using (var api = System.Text.Json.JsonDocument.Parse(await member.Client.GetStringAsync($"/api/v1{request}")))
        {
            var deadlines = api.RootElement.GetProperty("deadlines");
            Assert.Equal("2025-01-31", api.RootElement.GetProperty("startOn").GetString());
            Assert.Equal("running", api.RootElement.GetProperty("status").GetString());
            Assert.Equal(new[] { "2025-02-28", "2025-04-28" }, deadlines.EnumerateArray().Select(d => d.GetProperty("date").GetString() ?? "").ToArray());
            Assert.Equal("last-day-to-act", deadlines[1].GetProperty("type").GetString());
        }

        // No answer: the referral to the CADA is created from the request.
        var continued = await member.SubmitAsync(request, new Dictionary<string, string> { ["NextKind"] = "cada-referral" }, $"{request}?handler=Continue");
        Assert.Equal(HttpStatusCode.Redirect, continued.StatusCode);
        var edit = continued.Headers.Location!.OriginalString;
        var referral = edit.Replace("/modifier", "", StringComparison.Ordinal);
        var form = await member.Client.GetStringAsync(edit);
        Assert.Contains("value=\"Ville de Saint-Étienne\"", form);
        Assert.Contains("Saisine de la CADA", HtmlText.Visible(form));
        Assert.Contains("CCTP", form);
        Assert.Contains("Poursuivie", HtmlText.Visible(await member.Client.GetStringAsync(request)));

        // The CADA registers it on 10 March: its opinion, the implicit confirmation, then the court.
        await AddEventAsync(member, referral, "sent", "2025-03-03");
        await AddEventAsync(member, referral, "registered", "2025-03-10");
        var referralPage = HtmlText.Visible(await member.Client.GetStringAsync(referral));
        Assert.Contains("jeudi 10 avril 2025", referralPage);
        Assert.Contains("samedi 10 mai 2025", referralPage);
        Assert.Contains("vendredi 11 juillet 2025", referralPage);
        Assert.Contains("10/05/2025 + 2 mois = 10/07/2025 ; délai franc : le lendemain, 11/07/2025", referralPage);
        Assert.Contains("CJA", referralPage);
        Assert.Contains($"{referral}/delais.ics", await member.Client.GetStringAsync(referral));

        // The referral's letter starts from what the procedures know: the request's authority and date.
        var referralId = referral.Split('/')[^1];
        var letterLink = $"/procedures/modeles?modele=cada-referral&amp;procedure={referralId}";
        Assert.Contains(letterLink, await member.Client.GetStringAsync(referral));
        var letterForm = await member.Client.GetStringAsync(System.Net.WebUtility.HtmlDecode(letterLink));
        Assert.Contains("Formulaire prérempli à partir de la procédure", HtmlText.Visible(letterForm));
        Assert.Contains("value=\"Ville de Saint-Étienne\"", letterForm);
        Assert.Contains("value=\"2025-01-27\"", letterForm);
        // Someone else's procedure fills nothing.
        var stranger = (await ProcedureWorld.MemberAsync(app, await ProcedureWorld.CreateCollectiveAsync(app))).Browser;
        Assert.DoesNotContain("Ville de Saint-Étienne", await stranger.Client.GetStringAsync(System.Net.WebUtility.HtmlDecode(letterLink)));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_requests_of_a_series_are_referred_to_the_CADA_in_one_letter(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var collective = await ProcedureWorld.CreateCollectiveAsync(app);
        var member = await ProcedureWorld.MemberAsync(app, collective);
        int seriesId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var procedures = scope.ServiceProvider.GetRequiredService<Contrevue.Features.Procedures.ProcedureService>();
            var (series, _) = await procedures.CreateSeriesAsync(member.UserId, collective, "VSA de la métropole", CancellationToken.None);
            seriesId = series!.Id;
            foreach (var (authority, sent) in new[] { ("Ville de Saint-Étienne", "2025-01-27"), ("Saint-Étienne Métropole", "2025-01-20") })
            {
                var created = await procedures.CreateAsync(member.UserId, collective, new Contrevue.Features.Procedures.ProcedureInput(
                    "cada-request", $"Demande à {authority}", authority, "42", null, "La convention avec le fournisseur de VSA.", null, null, seriesId), CancellationToken.None);
                var id = Assert.IsType<Contrevue.Features.Procedures.ProcedureChange.Done>(created).Procedure.Id;
                await procedures.AddEventAsync(member.UserId, id, new Contrevue.Features.Procedures.ProcedureEventInput("sent", sent, null), CancellationToken.None);
            }
        }

        var seriesPage = await member.Browser.Client.GetStringAsync($"/procedures/series/{seriesId}");
        Assert.Contains($"/procedures/modeles?modele=cada-referral&amp;serie={seriesId}", seriesPage);
        var form = await member.Browser.Client.GetStringAsync($"/procedures/modeles?modele=cada-referral&serie={seriesId}");
        Assert.Contains("Saint-Étienne Métropole et Ville de Saint-Étienne", form);
        Assert.Contains("value=\"2025-01-20\"", form);
        Assert.Contains("R343-3-1", form);
        var stranger = (await ProcedureWorld.MemberAsync(app, await ProcedureWorld.CreateCollectiveAsync(app))).Browser;
        Assert.DoesNotContain("Saint-Étienne Métropole", await stranger.Client.GetStringAsync($"/procedures/modeles?modele=cada-referral&serie={seriesId}"));
    }

    private static async Task AddEventAsync(FormSession member, string procedure, string kind, string on)
    {
        var added = await member.SubmitAsync(procedure, new Dictionary<string, string> { ["NewEvent.Kind"] = kind, ["NewEvent.On"] = on }, $"{procedure}?handler=Event");
        Assert.True(added.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"{kind} on {on}: {added.StatusCode}");
        Assert.DoesNotContain("field-error", await added.Content.ReadAsStringAsync());
    }
}
