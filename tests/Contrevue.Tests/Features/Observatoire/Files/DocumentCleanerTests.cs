using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using Contrevue.Infrastructure.Files;
using DocumentFormat.OpenXml.ExtendedProperties;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace Contrevue.Tests.Features.Observatoire.Files;

public sealed class DocumentCleanerTests
{
    internal const string Activist = "Camille Militante";
    private const string BodyText = "Le marché de vidéosurveillance algorithmique est attribué.";

    internal static byte[] DocxWithMetadata()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(new Paragraph(
                new CommentRangeStart { Id = "0" },
                new Run(new Text(BodyText)),
                new CommentRangeEnd { Id = "0" },
                new Run(new CommentReference { Id = "0" }))));
            var comments = main.AddNewPart<WordprocessingCommentsPart>();
            comments.Comments = new Comments(new Comment(new Paragraph(new Run(new Text("Ne pas diffuser"))))
            {
                Id = "0",
                Author = Activist,
                Initials = "CM",
            });
            var people = main.AddNewPart<WordprocessingPeoplePart>();
            people.People = new DocumentFormat.OpenXml.Office2013.Word.People(
                new DocumentFormat.OpenXml.Office2013.Word.Person { Author = Activist });
            var settings = main.AddNewPart<DocumentSettingsPart>();
            var template = settings.AddExternalRelationship(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate",
                new Uri("file:///C:/Users/camille.militante/modeles/Reponse.dotx"));
            settings.Settings = new Settings(new AttachedTemplate { Id = template.Id });
            var app = document.AddExtendedFilePropertiesPart();
            app.Properties = new Properties(new Company("Mairie de Nulle-Part"), new Template("C:\\Users\\camille\\modele.dotx"));
            document.PackageProperties.Creator = Activist;
            document.PackageProperties.LastModifiedBy = Activist;
            document.PackageProperties.Title = "Réponse CADA";
        }
        return stream.ToArray();
    }

    [Fact]
    public void A_docx_loses_its_authors_company_and_comments_and_keeps_its_text()
    {
        var original = DocxWithMetadata();
        Assert.True(TestFiles.Contains(original, Encoding.UTF8.GetBytes(Activist)));

        var cleaned = DocumentCleaner.CleanDocx(original);

        Assert.NotNull(cleaned.Bytes);
        using (var document = WordprocessingDocument.Open(new MemoryStream(cleaned.Bytes), false))
        {
            Assert.Null(document.PackageProperties.Creator);
            Assert.Null(document.PackageProperties.LastModifiedBy);
            Assert.Null(document.PackageProperties.Title);
            Assert.Null(document.ExtendedFilePropertiesPart);
            Assert.Null(document.MainDocumentPart!.WordprocessingCommentsPart);
            Assert.Null(document.MainDocumentPart.WordprocessingPeoplePart);
            var body = document.MainDocumentPart.Document!.Body!;
            Assert.Equal(BodyText, body.InnerText);
            Assert.Empty(body.Descendants<CommentReference>());
            Assert.Empty(body.Descendants<CommentRangeStart>());
            Assert.Empty(document.MainDocumentPart.DocumentSettingsPart!.Settings!.Elements<AttachedTemplate>());
            Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document));
        }
        var entries = ZipEntries(cleaned.Bytes);
        Assert.All(entries, e => Assert.DoesNotContain("camille", Unzip(cleaned.Bytes, e), StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(entries, e => e.Contains("comments", StringComparison.OrdinalIgnoreCase) || e.StartsWith("docProps/", StringComparison.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain(Activist, Unzip(cleaned.Bytes, e)));
        // The same document cleaned again gives the same bytes: no time of cleaning is left in it.
        Assert.Equal(cleaned.Bytes, DocumentCleaner.CleanDocx(original).Bytes);
    }

    [Fact]
    public void A_damaged_docx_is_refused_in_french()
    {
        var damaged = TestFiles.Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"));

        var cleaned = DocumentCleaner.CleanDocx(damaged);

        Assert.Null(cleaned.Bytes);
        Assert.Equal(DocumentCleaner.UnreadableDocx, cleaned.Error);
    }

    [Fact]
    public void An_odt_loses_its_meta_and_thumbnail_and_keeps_its_mimetype_first_and_stored()
    {
        var meta = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document-meta xmlns:office="{TestFiles.OdfOffice}" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"><office:meta><meta:initial-creator>{Activist}</meta:initial-creator><dc:creator>{Activist}</dc:creator><meta:creation-date>2026-03-02T10:00:00</meta:creation-date><meta:editing-cycles>7</meta:editing-cycles><meta:user-defined meta:name="Service">Police municipale</meta:user-defined></office:meta></office:document-meta>
            """;
        var manifest = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <manifest:manifest xmlns:manifest="{TestFiles.OdfManifest}" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="Thumbnails/thumbnail.png" manifest:media-type="image/png"/></manifest:manifest>
            """;
        var content = $"<office:document-content xmlns:office=\"{TestFiles.OdfOffice}\"><office:body><office:text>{BodyText}</office:text></office:body></office:document-content>";
        var odt = TestFiles.Zip(
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("content.xml", content),
            ("meta.xml", meta),
            ("Thumbnails/thumbnail.png", "page 1 avant caviardage"),
            ("META-INF/manifest.xml", manifest));

        var cleaned = DocumentCleaner.CleanOdt(odt);

        Assert.NotNull(cleaned.Bytes);
        using var archive = new ZipArchive(new MemoryStream(cleaned.Bytes), ZipArchiveMode.Read);
        Assert.Equal(["mimetype", "content.xml", "meta.xml", "META-INF/manifest.xml"], archive.Entries.Select(e => e.FullName));
        var mimetype = archive.Entries[0];
        Assert.Equal(mimetype.Length, mimetype.CompressedLength);
        // A stored first entry puts its name and content at fixed places, as ODF readers expect.
        Assert.Equal("mimetypeapplication/vnd.oasis.opendocument.text", Encoding.ASCII.GetString(cleaned.Bytes, 30, 47));
        Assert.Equal(FileType.Odt, FileSniffer.Sniff(cleaned.Bytes).Type);

        var cleanedMeta = XDocument.Parse(Unzip(cleaned.Bytes, "meta.xml"));
        XNamespace office = TestFiles.OdfOffice;
        Assert.Equal(office + "document-meta", cleanedMeta.Root!.Name);
        Assert.Equal("1.3", cleanedMeta.Root.Attribute(office + "version")?.Value);
        Assert.Empty(cleanedMeta.Root.Element(office + "meta")!.Nodes());
        Assert.DoesNotContain("thumbnail", Unzip(cleaned.Bytes, "META-INF/manifest.xml"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("content.xml", Unzip(cleaned.Bytes, "META-INF/manifest.xml"));
        Assert.Equal(content, Unzip(cleaned.Bytes, "content.xml"));
        Assert.False(TestFiles.Contains(cleaned.Bytes, Encoding.UTF8.GetBytes(Activist)));
    }

    [Fact]
    public void A_pdf_loses_its_information_and_xmp_and_still_opens()
    {
        byte[] original;
        using (var document = new PdfDocument())
        {
            document.Info.Author = Activist;
            document.Info.Title = "Réponse CADA";
            document.AddPage();
            using var stream = new MemoryStream();
            document.Save(stream, closeStream: false);
            original = stream.ToArray();
        }
        Assert.True(TestFiles.Contains(original, Encoding.ASCII.GetBytes(Activist)));

        var cleaned = DocumentCleaner.CleanPdf(original);

        Assert.NotNull(cleaned.Bytes);
        Assert.False(TestFiles.Contains(cleaned.Bytes, Encoding.ASCII.GetBytes(Activist)));
        Assert.False(TestFiles.Contains(cleaned.Bytes, "Camille"u8));
        using var reopened = PdfReader.Open(new MemoryStream(cleaned.Bytes), PdfDocumentOpenMode.Import);
        Assert.Equal(1, reopened.PageCount);
        Assert.Null(reopened.Info.Elements["/Author"]);
        Assert.Null(reopened.Info.Elements["/Title"]);
        // The file identifier PDFsharp keeps across saves is replaced.
        var originalId = PdfReader.Open(new MemoryStream(original), PdfDocumentOpenMode.Import).Internals.FirstDocumentID;
        Assert.NotEqual(originalId, reopened.Internals.FirstDocumentID);
    }

    [Fact]
    public void The_minimal_pdf_keeps_its_page_and_loses_its_title()
    {
        var cleaned = DocumentCleaner.CleanPdf(TestFiles.Pdf("marque-unique"));

        Assert.NotNull(cleaned.Bytes);
        Assert.False(TestFiles.Contains(cleaned.Bytes, "Camille"u8));
        Assert.True(TestFiles.Contains(cleaned.Bytes, "marque-unique"u8));
    }

    [Fact]
    public void A_truncated_pdf_is_refused_in_french()
    {
        var pdf = TestFiles.Pdf();

        var cleaned = DocumentCleaner.CleanPdf(pdf[..(pdf.Length / 2)]);

        Assert.Null(cleaned.Bytes);
        Assert.Equal("PDF illisible ou chiffré : enregistrez-le sans mot de passe et déposez-le à nouveau.", cleaned.Error);
    }

    private static List<string> ZipEntries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return [.. archive.Entries.Select(e => e.FullName)];
    }

    private static string Unzip(byte[] zip, string name)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        using var reader = new StreamReader(archive.GetEntry(name)!.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
