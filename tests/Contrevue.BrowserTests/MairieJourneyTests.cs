using System.Text.RegularExpressions;
using Contrevue.BrowserTests.Infrastructure;
using PdfSharp.Pdf.IO;

namespace Contrevue.BrowserTests;

/// <summary>
/// The journey of issue 14, as a person who has never seen the site: from the home page to a letter to
/// her mairie (typed by name), declared sent, its answer reported and the commune's status; then a
/// collective's batch to five communes named in a list, declared sent at once. With and without
/// JavaScript, on a desktop and on a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MairieJourneyTests(BrowserFixture fixture)
{
    /// <summary>600 characters of one's own words, which must still fit the letter on one page; never twice the same.</summary>
    private static string OwnParagraph() => MakeParagraph($"Lettre {Guid.NewGuid():N}. ", 600);

    public static TheoryData<bool, int> Ways() => new() { { true, 1280 }, { true, 390 }, { false, 1280 }, { false, 390 } };

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task From_the_home_page_a_person_writes_to_her_mairie_declares_it_sent_reports_the_answer_and_sees_the_status(bool javaScript, int width)
    {
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = javaScript, ViewportSize = new() { Width = width, Height = 900 } });
        var page = watched.Page;

        await page.GotoAsync("/");
        var write = page.GetByRole(AriaRole.Region, new() { Name = "Écrire à ma mairie" });
        var field = write.GetByLabel("Votre commune");
        if (javaScript)
        {
            // The combobox: type, the suggestions open, the first is Saint-Étienne, Enter fills it in.
            await field.PressSequentiallyAsync("saint etienne", new() { Delay = 20 });
            var first = page.Locator("#ecrire-commune-suggestions [role=option]").First;
            await Expect(first).ToContainTextAsync("Saint-Étienne");
            await field.PressAsync("ArrowDown");
            await field.PressAsync("Enter");
            await Expect(field).ToHaveValueAsync("Saint-Étienne (42218)");
        }
        else
        {
            await field.FillAsync("saint etienne");
        }
        await write.GetByRole(AriaRole.Button, new() { Name = "Écrire à ma mairie" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Écrire à Saint-Étienne");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Une personne" }).CheckAsync();
        await page.GetByLabel("Nom de l'expéditeur").FillAsync("Camille Martin");
        // Her own words: each run's are its own (the same paragraph twice is flagged as copied).
        var paragraph = OwnParagraph();
        await page.GetByLabel("Votre paragraphe personnel (obligatoire)").FillAsync(paragraph);
        await page.GetByLabel("Format du fichier").SelectOptionAsync("pdf");

        // The text first: one person writes « je », never « nous ».
        await page.GetByRole(AriaRole.Button, new() { Name = "Voir le texte et l'envoyer par e-mail" }).ClickAsync();
        var letter = Text.Normalise(await page.Locator("pre.letter-preview").InnerTextAsync());
        Assert.Contains("je vous écris", letter, StringComparison.Ordinal);
        Assert.DoesNotContain("nous vous écrivons", letter, StringComparison.Ordinal);
        Assert.DoesNotContain("nous vous prions", letter, StringComparison.Ordinal);
        Assert.Contains(paragraph[..40], letter, StringComparison.Ordinal);

        // Then the PDF, from the form the page gives back filled: one page for 600 characters.
        var download = await DownloadAsync(page, "Télécharger la lettre");
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        using (var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import))
        {
            Assert.Equal(1, document.PageCount);
        }

        // The next step, offered where the letter is, with the commune already chosen.
        await page.GetByRole(AriaRole.Region, new() { Name = "Votre lettre" }).GetByRole(AriaRole.Link, new() { Name = "J'ai envoyé ma lettre" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("J'ai écrit à Saint-Étienne");
        await Expect(page.GetByLabel("Commune", new() { Exact = true })).ToHaveValueAsync("Saint-Étienne (42218)");
        await page.GetByLabel("Courrier", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer mon envoi" }).ClickAsync();
        // With JavaScript the combobox has its own (empty) live region: the notice is the one that thanks.
        var thanks = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Merci" });
        await Expect(thanks).ToContainTextAsync("Merci : votre envoi est enregistré.");

        await thanks.GetByRole(AriaRole.Link, new() { Name = "Signaler une réponse" }).ClickAsync();
        await Expect(page.GetByLabel("Commune", new() { Exact = true })).ToHaveValueAsync("Saint-Étienne (42218)");
        await page.GetByLabel("Réponse évasive", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Citation de la réponse").FillAsync("La ville étudie toutes les solutions technologiques disponibles.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la réponse" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Merci" })).ToContainTextAsync("Merci : la réponse est transmise à l'équipe de modération.");

        // The commune's page answers first: its campaign status, before the reference facts.
        await page.GotoAsync("/communes/42218-saint-etienne");
        var headline = page.Locator(".campaign-headline");
        await Expect(headline.Locator(".campaign-status .status")).ToHaveTextAsync("Sollicitée, sans réponse");
        await Expect(headline).ToContainTextAsync(new Regex(@"\d+ demandes? depuis le"));
        var main = Text.Normalise(await page.Locator("main").InnerTextAsync());
        Assert.True(main.IndexOf("Pas de VSA dans ma ville", StringComparison.Ordinal) < main.IndexOf("Codes postaux", StringComparison.Ordinal));

        await AssertFitsAsync(page, width);
        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task A_collective_writes_to_five_named_communes_and_declares_the_batch_sent_at_once(bool javaScript, int width)
    {
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = javaScript, ViewportSize = new() { Width = width, Height = 900 } });
        var page = watched.Page;
        // Communes no other journey writes to, a different set for each way, so each run counts its own.
        var communes = (javaScript, width) switch
        {
            (true, 1280) => new[] { "Tulle", "Brive-la-Gaillarde", "Guéret", "Limoges", "Périgueux" },
            (true, _) => ["Mende", "Millau", "Rodez", "Figeac", "Cahors"],
            (false, 1280) => ["Aurillac", "Le Puy-en-Velay", "Yssingeaux", "Brioude", "Ambert"],
            _ => ["Vichy", "Montluçon", "Riom", "Thiers", "Issoire"],
        };

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Lettres groupées pour un collectif" }).ClickAsync();
        await page.GetByLabel("Une liste de communes, une par ligne (code INSEE ou nom)").FillAsync(string.Join("\n", communes));
        await page.GetByRole(AriaRole.Radio, new() { Name = "Un collectif" }).CheckAsync();
        await page.GetByLabel("Nom de l'expéditeur").FillAsync("Collectif Massif central sans VSA");
        await page.GetByLabel("Votre paragraphe personnel (obligatoire)").FillAsync(OwnParagraph());
        var download = await DownloadAsync(page, "Télécharger les lettres (ZIP)");
        Assert.EndsWith(".zip", download.SuggestedFilename, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "J'ai envoyé ces lettres" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Déclarer des lettres groupées envoyées");
        await Expect(page.GetByLabel("Les communes, une par ligne")).ToHaveValueAsync(string.Join("\n", communes));
        await page.GetByLabel("Courrier", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Nom public (facultatif)").FillAsync("Collectif Massif central");
        await page.GetByRole(AriaRole.Button, new() { Name = "Déclarer ces envois" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Merci : 5 envois enregistrés.");

        await page.GotoAsync("/recherche?q=" + Uri.EscapeDataString(communes[0]));
        await page.Locator("ol.results a").First.ClickAsync();
        await Expect(page.Locator(".campaign-headline .campaign-status .status")).ToHaveTextAsync("Sollicitée, sans réponse");
        await AssertFitsAsync(page, width);
        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }

    /// <summary>The file a button gives; when it gives a page instead, the failure says what the page said.</summary>
    private static async Task<IDownload> DownloadAsync(IPage page, string button)
    {
        var responses = new List<string>();
        void Seen(object? sender, IResponse response) => responses.Add($"{response.Request.Method} {response.Url} {response.Status} {response.Headers.GetValueOrDefault("content-type")}");
        page.Response += Seen;
        try
        {
            return await page.RunAndWaitForDownloadAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync(), new() { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            var alerts = string.Join(" | ", (await page.Locator("[role=alert], .field-error, .validation-summary-errors").AllInnerTextsAsync()).Where(a => a.Length > 0));
            Assert.Fail($"« {button} » gave no file ({string.Join("; ", responses)}); the page says: {alerts}");
            throw;
        }
        finally
        {
            page.Response -= Seen;
        }
    }

    private static async Task AssertFitsAsync(IPage page, int width)
    {
        var widths = await page.EvaluateAsync<int[]>("[document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"{page.Url} is {widths[0]} px wide at {width} px.");
    }

    private static string MakeParagraph(string start, int length)
    {
        const string Words = "J'habite ce quartier depuis douze ans et je prends le bus chaque matin devant la mairie. " +
            "Je ne veux pas qu'un logiciel décide si ma démarche est normale, ni que mes enfants grandissent sous des caméras qui analysent leurs gestes. " +
            "La sécurité passe par des personnes présentes dans la rue, des éclairages, des lieux ouverts le soir, pas par des algorithmes. ";
        var text = new System.Text.StringBuilder(start);
        while (text.Length < length)
        {
            text.Append(Words);
        }
        return text.ToString()[..length].TrimEnd() is var cut && cut.Length == length ? cut : cut + new string('.', length - cut.Length);
    }
}
