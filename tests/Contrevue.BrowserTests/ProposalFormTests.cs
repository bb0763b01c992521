using System.Diagnostics;
using System.Text.RegularExpressions;
using Contrevue.BrowserTests.Infrastructure;

namespace Contrevue.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ProposalFormTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_visitor_proposes_a_contact_the_proof_of_work_is_solved_in_the_browser()
    {
        await using var watched = await fixture.OpenAsync();
        var page = watched.Page;

        await page.GotoAsync("/communes/42218-saint-etienne");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Proposer (un contact|une correction)$") }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/proposer/contact\?territoire=commune%3A42218$"));
        await page.GetByLabel("Nom du maire ou de la présidente / du président").FillAsync("Gaël Perdriau");
        await page.GetByLabel("Source", new() { Exact = true }).FillAsync("https://www.saint-etienne.fr/");
        var solving = Stopwatch.StartNew();
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la proposition" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/proposer/merci"), new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Merci pour votre proposition");
        Console.WriteLine($"Proof of work solved and form sent in {solving.ElapsedMilliseconds} ms");
        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task Without_javascript_the_form_still_works()
    {
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = false });
        var page = watched.Page;

        await page.GotoAsync("/proposer/contact?territoire=departement:42");
        await page.GetByLabel("E-mail de la mairie").FillAsync("pas-une-adresse");
        await page.GetByLabel("Source", new() { Exact = true }).FillAsync("annuaire");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la proposition" }).ClickAsync();
        // Bad input comes back with a French message and nothing typed is lost.
        await Expect(page.Locator("main")).ToContainTextAsync("Adresse e-mail invalide.");
        await Expect(page.GetByLabel("Source", new() { Exact = true })).ToHaveValueAsync("annuaire");

        await page.GetByLabel("E-mail de la mairie").FillAsync("accueil@loire.fr");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la proposition" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/proposer/merci"));
    }
}
