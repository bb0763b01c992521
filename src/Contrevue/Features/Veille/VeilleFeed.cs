using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Veille;

/// <summary>
/// Atom feeds of the news watch: every article, or those of a territory (<c>?territoire=42218</c>,
/// <c>?territoire=departement:42</c>), a tag (<c>?tag=</c>) or an observatoire dossier (<c>?dossier=</c>).
/// Links are absolute from the site's configured address (<c>Site:PublicUrl</c>), never from the request's Host:
/// a cached feed is served to everyone.
/// </summary>
public static class VeilleFeed
{
    public const string Path = "/veille/flux.atom";
    public const int EntryCount = 50;
    public const string ContentType = "application/atom+xml; charset=utf-8";

    /// <summary>The only query parameters a feed reads, and so the only ones its cached copies vary by.</summary>
    public static readonly IReadOnlyList<string> QueryKeys = ["territoire", "tag", "dossier"];

    public static RouteHandlerBuilder MapVeilleFeed(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, GetAsync)
            .WithTags("Veille")
            .WithName("VeilleFeed")
            .WithSummary("Flux Atom des 50 derniers articles de la veille, pour un territoire (territoire=42218, departement:42), un mot-clé (tag) ou un dossier (dossier)")
            .Produces(StatusCodes.Status200OK, contentType: ContentType)
            .CacheOutput(VeilleCache.FeedPolicy);

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> GetAsync(
        string? territoire, string? tag, string? dossier, ArticleService articles, Observatoire.DossierLookup dossiers, ContrevueDbContext db,
        SiteAddress site, TimeProvider time, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var scopes = new List<string>();
        var keys = new List<string>();
        var query = new ArticleQuery();
        if (!string.IsNullOrWhiteSpace(territoire))
        {
            if (!TerritoryReference.TryParse(territoire, out var reference) || await db.NameOfAsync(reference.Value, cancellationToken) is not { } name)
            {
                errors["territoire"] = [text["Territoire inconnu « {0} » : 42218, departement:42, epci:244200770 ou region:84.", territoire]];
            }
            else
            {
                query = query with { Territory = reference };
                scopes.Add(name);
                keys.Add(reference.Value.ToString());
            }
        }
        if (!string.IsNullOrWhiteSpace(tag))
        {
            var normalized = ArticleTags.Normalize(tag);
            if (normalized.Length is 0 or > Article.MaxTagLength)
            {
                errors["tag"] = [text["Mot-clé illisible : des lettres ou des chiffres, {0} caractères au plus.", Article.MaxTagLength]];
            }
            else
            {
                query = query with { Tag = normalized };
                scopes.Add("#" + normalized);
                keys.Add("tag:" + normalized);
            }
        }
        if (!string.IsNullOrWhiteSpace(dossier))
        {
            if (!int.TryParse(dossier.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var dossierId)
                || await dossiers.PublicLinkAsync(dossierId, cancellationToken) is not { } link)
            {
                errors["dossier"] = [text["Aucun dossier public n° « {0} » dans l'observatoire.", dossier]];
            }
            else
            {
                query = query with { DossierId = dossierId };
                scopes.Add(link.Title);
                keys.Add("dossier:" + dossierId.ToString(CultureInfo.InvariantCulture));
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Flux refusé : vérifiez les paramètres indiqués.");
        }

        var page = await articles.ListAsync(query, null, EntryCount, cancellationToken);
        var address = site.WithoutRequest;
        var host = new Uri(address).Host;
        var culture = CultureInfo.CurrentCulture;
        var title = text["Contrevue — veille"].Value;
        var feedQuery = string.Join('&', new[] { ("territoire", territoire), ("tag", tag), ("dossier", dossier) }
            .Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!.Trim())}"));
        var selfUrl = address + Path + (feedQuery.Length > 0 ? "?" + feedQuery : "");
        var feed = new SyndicationFeed
        {
            Id = $"tag:{host},2026:veille" + string.Concat(keys.Select(k => ":" + k)),
            Title = new TextSyndicationContent(InputText.Sanitize(scopes.Count == 0 ? title : $"{title} — {string.Join(", ", scopes)}", multiLine: true)),
            Description = new TextSyndicationContent(text["Les derniers articles de presse sur la vidéosurveillance algorithmique relevés par la campagne."].Value),
            Generator = "Contrevue",
            LastUpdatedTime = page.Items.Count > 0 ? Utc(page.Items.Max(a => a.CreatedAt)) : time.GetUtcNow(),
            Language = culture.TwoLetterISOLanguageName,
        };
        feed.Authors.Add(new SyndicationPerson { Name = "Contrevue" });
        feed.Links.Add(new SyndicationLink(new Uri(selfUrl), "self", title, "application/atom+xml", 0));
        feed.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(address + "/veille"), "text/html"));

        feed.Items = page.Items.Select(a =>
        {
            var summary = new StringBuilder();
            summary.Append(a.Outlet);
            if (a.Author is not null)
            {
                summary.Append(", ").Append(a.Author);
            }
            summary.Append(", ").Append(culture.TwoLetterISOLanguageName == "fr" ? FrenchDates.Format(a.PublishedOn) : a.PublishedOn.ToString("d MMMM yyyy", culture)).Append('.');
            if (a.Summary is not null)
            {
                summary.Append(' ').Append(a.Summary);
            }
            var item = new SyndicationItem
            {
                Id = $"tag:{host},2026:article:{a.Id}",
                // Text stored before the input rule may hold characters XML cannot carry: the feed stays whole.
                Title = new TextSyndicationContent(InputText.Sanitize(a.Title, multiLine: true)),
                Summary = new TextSyndicationContent(InputText.Sanitize(summary.ToString(), multiLine: true)),
                PublishDate = new DateTimeOffset(a.PublishedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                LastUpdatedTime = Utc(a.UpdatedAt),
            };
            item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(address + a.PagePath), "text/html"));
            if (Uri.TryCreate(a.CanonicalUrl, UriKind.Absolute, out var original))
            {
                item.Links.Add(new SyndicationLink(original, "related", a.Outlet, "text/html", 0));
            }
            foreach (var t in a.Tags.OrderBy(t => t.Tag, StringComparer.Ordinal))
            {
                item.Categories.Add(new SyndicationCategory(t.Tag));
            }
            return item;
        }).ToList();

        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }
        return TypedResults.File(buffer.ToArray(), ContentType);
    }

    /// <summary>SQLite gives dates back unspecified; they are all stored in UTC.</summary>
    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
