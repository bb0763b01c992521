using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Feed;

/// <summary>
/// An Atom feed of the dossiers most recently created or changed, for feed readers and for collectives
/// that follow their commune or département (<c>?commune=</c>, <c>?departement=</c>).
/// </summary>
public static class ObservatoireFeed
{
    public const string Path = "/observatoire/flux.atom";
    public const int EntryCount = 50;
    public const string ContentType = "application/atom+xml; charset=utf-8";

    public static RouteHandlerBuilder MapObservatoireFeed(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, GetAsync)
            .WithTags("Observatoire")
            .WithName("ObservatoireFeed")
            .WithSummary("Flux Atom des 50 dossiers créés ou modifiés le plus récemment, pour une commune ou un département au besoin")
            .Produces(StatusCodes.Status200OK, contentType: ContentType)
            .CacheOutput(ObservatoireCache.Policy);

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> GetAsync(
        HttpRequest request, string? departement, string? commune, ContrevueDbContext db, SiteAddress site,
        TimeProvider time, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var query = db.Set<Dossier>().AsNoTracking().Where(d => !d.IsHidden);
        var errors = new Dictionary<string, string[]>();
        string? scope = null;
        var feedKey = "observatoire";
        if (departement is not null)
        {
            var code = departement.Trim().ToUpperInvariant();
            var name = TerritoryReference.TryParse($"departement:{code}", out _)
                ? await db.Set<Departement>().Where(d => d.Code == code).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken)
                : null;
            if (name is null)
            {
                errors["departement"] = [text["Département inconnu « {0} » : donnez son code, par exemple 42 ou 2A.", departement]];
            }
            else
            {
                query = query.Where(d => d.DepartementCode == code);
                scope = name;
                feedKey += $":departement:{code}";
            }
        }
        if (commune is not null)
        {
            var code = commune.Trim().ToUpperInvariant();
            var name = TerritoryReference.TryParse($"commune:{code}", out _)
                ? await db.Set<Commune>().Where(c => c.Code == code).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken)
                : null;
            if (name is null)
            {
                errors["commune"] = [text["Commune inconnue « {0} » : donnez son code INSEE à 5 caractères, par exemple 42218.", commune]];
            }
            else
            {
                query = query.Where(d => d.CommuneCode == code);
                scope = name;
                feedKey += $":commune:{code}";
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Flux refusé : vérifiez les paramètres indiqués.");
        }

        var dossiers = await query.OrderByDescending(d => d.UpdatedAt).ThenByDescending(d => d.Id).Take(EntryCount)
            .Select(d => new
            {
                d.Id, d.Slug, d.Title, d.Summary, d.AuthorityName, d.Status, d.StatusSince, d.Technologies,
                d.IsFictional, d.CreatedAt, d.UpdatedAt,
            })
            .ToListAsync(cancellationToken);

        var address = site.Of(request);
        var host = new Uri(address).Host;
        var culture = CultureInfo.CurrentCulture;
        var title = text["Contrevue — observatoire de la vidéosurveillance"].Value;
        var feed = new SyndicationFeed
        {
            Id = $"tag:{host},2026:{feedKey}",
            Title = new TextSyndicationContent(InputText.Sanitize(scope is null ? title : $"{title} — {scope}", multiLine: true)),
            Description = new TextSyndicationContent(text["Les dossiers de l'observatoire créés ou modifiés le plus récemment."].Value),
            Generator = "Contrevue",
            LastUpdatedTime = dossiers.Count > 0 ? Utc(dossiers.Max(d => d.UpdatedAt)) : time.GetUtcNow(),
            Language = culture.TwoLetterISOLanguageName,
        };
        feed.Authors.Add(new SyndicationPerson { Name = "Contrevue" });
        feed.Links.Add(new SyndicationLink(new Uri(address + Path + request.QueryString), "self", title, "application/atom+xml", 0));
        feed.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(address + "/observatoire" + request.QueryString), "text/html"));

        feed.Items = dossiers.Select(d =>
        {
            var url = new Uri($"{address}/observatoire/dossiers/{d.Id}-{d.Slug}");
            var status = text[ObservatoireCodes.Statuses.Label(d.Status)].Value;
            var facts = new StringBuilder();
            if (d.IsFictional)
            {
                facts.Append(text["Dossier fictif (démonstration)."].Value).Append(' ');
            }
            facts.Append(SafeMarkdown.PlainText(d.Summary, 1000));
            facts.Append(facts.Length > 0 ? " " : "").Append(d.StatusSince is { } since
                ? text["Statut : {0} depuis le {1}.", status, since.ToString("d MMMM yyyy", culture)].Value
                : text["Statut : {0}.", status].Value);
            facts.Append(' ').Append(text["Autorité : {0}.", d.AuthorityName].Value);
            var item = new SyndicationItem
            {
                Id = $"tag:{host},2026:dossier:{d.Id}",
                // Text stored before the input rule may hold characters XML cannot carry: the feed stays whole.
                Title = new TextSyndicationContent(InputText.Sanitize(d.Title, multiLine: true)),
                Summary = new TextSyndicationContent(InputText.Sanitize(facts.ToString().Trim(), multiLine: true)),
                LastUpdatedTime = Utc(d.UpdatedAt),
                PublishDate = Utc(d.CreatedAt),
            };
            item.Links.Add(SyndicationLink.CreateAlternateLink(url, "text/html"));
            foreach (var technology in ObservatoireCodes.Technologies.Where(t => (d.Technologies & t.Value) != 0))
            {
                item.Categories.Add(new SyndicationCategory(technology.Code, null, text[technology.Label].Value));
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
