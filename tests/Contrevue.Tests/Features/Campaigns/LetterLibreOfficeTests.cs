using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Contrevue.Tests.Features.Campaigns;

/// <summary>
/// The DOCX must open in LibreOffice as well as in Word: the Saint-Étienne letter is converted to PDF
/// by soffice (Debian libreoffice-writer-nogui, installed by test.sh) and read back.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class LetterLibreOfficeTests(TestApps apps)
{
    private const string Paragraph =
        "Je traverse chaque matin la place Jean-Jaurès pour aller travailler : je refuse qu'un logiciel y décide qui a l'air « suspect ».";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task LibreOffice_converts_the_Saint_Etienne_docx_without_error(DatabaseProvider provider)
    {
        const string soffice = "/usr/bin/soffice";
        Assert.True(File.Exists(soffice), $"{soffice} is missing: install Debian's libreoffice-writer-nogui (test.sh does).");
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var response = await app.CreateBrowserlessClient().PostAsJsonAsync("/api/v1/campaigns/pas-de-vsa-dans-ma-ville/letters", new
        {
            territory = "42218", senderName = "Camille Dupont", senderKind = "individual", personalParagraph = Paragraph, format = "docx", registered = true,
        });
        response.EnsureSuccessStatusCode();

        var directory = Directory.CreateTempSubdirectory("contrevue-soffice-");
        try
        {
            var docx = Path.Combine(directory.FullName, "lettre-saint-etienne.docx");
            await File.WriteAllBytesAsync(docx, await response.Content.ReadAsByteArrayAsync());
            var output = Path.Combine(directory.FullName, "pdf");
            // A private profile: parallel runs (and a user's own LibreOffice) do not share a lock.
            var profile = new Uri(Path.Combine(directory.FullName, "profile")).AbsoluteUri;
            var start = new ProcessStartInfo(soffice)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList = { $"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", output, docx },
            };
            start.Environment["HOME"] = directory.FullName;
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"soffice did not convert the DOCX within {Timeout.TotalSeconds} s.");
            }
            Assert.True(process.ExitCode == 0, $"soffice exited with {process.ExitCode}: {await stdout} {await stderr}");
            var pdf = Path.Combine(output, "lettre-saint-etienne.pdf");
            Assert.True(File.Exists(pdf), $"soffice wrote no PDF: {await stdout} {await stderr}");

            var text = Regex.Replace(LetterRenderingTests.PdfToText(await File.ReadAllBytesAsync(pdf)), @"\s+", " ");
            Assert.Contains("Mairie de Saint-Étienne", text);
            Assert.Contains(Paragraph, text);
            Assert.Contains("Camille Dupont", text);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
