using System.Net;
using System.Text.RegularExpressions;
using Contrevue.Tests.Infrastructure.Mail;

namespace Contrevue.Tests.Features.Mobilisation;

/// <summary>/rejoindre as a browser without JavaScript fills it, and the e-mail delivered to a loopback SMTP server.</summary>
[Collection(AppsCollection.Name)]
public sealed partial class JoinJourneyTests(TestApps apps, SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_form_keeps_what_was_typed_on_error_then_the_delivered_links_confirm_and_erase(DatabaseProvider provider)
    {
        var settings = MobilisationWorld.Settings(MailTestSupport.Settings(smtp.Server.Port));
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, settings, ownsDatabase: false);
        var visitor = new FormSession(app.CreateBrowserlessClient());
        var email = MailTestSupport.NewRecipient("rejoindre");

        var refused = await visitor.SubmitAsync("/rejoindre", new Dictionary<string, string>
        {
            ["Email"] = "pas-une-adresse",
            ["Territoire"] = "42000",
            ["CollectiveName"] = "Collectif stéphanois",
            ["HelpWith"] = "juggling",
            ["Message"] = "Disponible le soir.",
        });
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedText = HtmlText.Visible(refusedHtml);
        Assert.Contains("Indiquez une adresse e-mail valide", refusedText);
        Assert.Contains("choisissez parmi", refusedText);
        Assert.Contains("value=\"pas-une-adresse\"", refusedHtml);
        Assert.Contains("value=\"Collectif stéphanois\"", refusedHtml);
        Assert.Contains("Disponible le soir.</textarea>", refusedHtml);
        Assert.Null(await MobilisationWorld.RowAsync(app, email));

        var sent = await visitor.SubmitAsync("/rejoindre", new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Territoire"] = "Saint-Étienne (42218)",
            ["HelpWith"] = "informing",
            ["Message"] = "Disponible le soir.",
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("/rejoindre?envoye=true", sent.Headers.Location?.OriginalString);

        var message = Assert.Single(await smtp.Server.WaitForAsync(email));
        Assert.Equal("Contrevue : confirmez votre inscription à la mobilisation", message.Subject);
        var body = message.TextBody ?? "";
        Assert.Contains("Saint-Étienne", body);
        var confirm = new Uri(Link("confirmer").Match(body).Value).PathAndQuery;
        var erase = new Uri(Link("effacer").Match(body).Value).PathAndQuery;
        Assert.Equal(confirm.Split("jeton=")[1], erase.Split("jeton=")[1]);

        // Opening the link (as a scanner would) confirms nothing; the button does.
        Assert.Contains("Je confirme mon inscription", HtmlText.Visible(await visitor.Client.GetStringAsync(confirm)));
        Assert.Null((await MobilisationWorld.RowAsync(app, email))!.ConfirmedAt);
        var confirmed = await visitor.SubmitAsync(confirm, new Dictionary<string, string> { ["jeton"] = confirm.Split("jeton=")[1] });
        Assert.Contains("C'est confirmé", HtmlText.Visible(await confirmed.Content.ReadAsStringAsync()));
        var row = (await MobilisationWorld.RowAsync(app, email))!;
        Assert.NotNull(row.ConfirmedAt);
        Assert.Equal(("42218", "informing", "Disponible le soir."), (row.TerritoryCode, row.HelpWith, row.Message));

        var erased = await visitor.SubmitAsync(erase, new Dictionary<string, string> { ["jeton"] = erase.Split("jeton=")[1] });
        Assert.Contains("votre inscription est effacée", HtmlText.Visible(await erased.Content.ReadAsStringAsync()));
        Assert.Null(await MobilisationWorld.RowAsync(app, email));
    }

    private static Regex Link(string action) => new($@"http://\S+/rejoindre/{action}\?jeton=[A-Za-z0-9_-]+");
}
