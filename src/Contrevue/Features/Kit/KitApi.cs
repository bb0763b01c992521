using System.Globalization;
using Contrevue.Features.Accounts;
using Contrevue.Features.Collectives;
using Contrevue.Infrastructure.Files;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Contrevue.Features.Kit;

public sealed record KitAuthorDto(int? Collective, string Name, string? Url);

public sealed record KitFileDto(int Id, string Sha256, long Bytes, string MediaType, string Url, string? PreviewUrl, long Downloads);

public sealed record KitVersionDto(int Number, string Changelog, DateTime CreatedAt, IReadOnlyList<KitFileDto> Files);

public sealed record KitItemDto(
    int Id, string Kind, string Title, string Description, string Language, string Licence, KitAuthorDto Author,
    IReadOnlyList<string> Formats, IReadOnlyList<string> Tags, string Status, DateTime? PublishedAt, int? LatestVersion, string Url);

public sealed record KitResourceDto(
    int Id, string Kind, string Title, string Description, string Language, string Licence, KitAuthorDto Author,
    IReadOnlyList<string> Formats, IReadOnlyList<string> Tags, string Status, DateTime? PublishedAt, string Url, IReadOnlyList<KitVersionDto> Versions);

public sealed record KitListDto(IReadOnlyList<KitItemDto> Items);

/// <summary>A member's version of a published resource, stored and waiting for a moderator (202).</summary>
public sealed record KitVersionProposedDto(int Resource, int Proposal, string Status, string Detail);

/// <summary>The JSON body of <c>POST /api/v1/kit</c> and <c>PUT /api/v1/kit/{id}</c> (where <c>collective</c> may only repeat the author).</summary>
public sealed record KitResourceRequest(
    string? Kind, string? Title, string? Description, string? Language, string? Licence,
    int? Collective, List<string>? Formats, List<string>? Tags);

/// <summary>
/// The kit for machines: reads for anyone (published resources), writes for collectives' members (pending
/// resources of their collective) and moderators (published at once), with a session or an API token.
/// Links are absolute, from <c>Site:PublicUrl</c> (never from the request's Host: the answers are cached).
/// </summary>
public static class KitApi
{
    public const long MaxJsonBytes = 64 * 1024;

    public static RouteGroupBuilder MapKitApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/kit").WithTags("Kit");
        group.MapGet("/", List).CacheOutput(KitCache.Policy)
            .WithName("ListKit").WithSummary("Les ressources publiées du kit de campagne, les plus récentes d'abord (filtres kind, language, format)");
        group.MapGet("/{id:int}", Get).CacheOutput(KitCache.Policy)
            .WithName("GetKitResource").WithSummary("Une ressource du kit, ses versions (les plus récentes d'abord) et leurs fichiers");
        group.MapPost("/", Create).RequireAuthorization(Policies.Member)
            .RequireRateLimiting(FileRateLimits.Uploads)
            .WithMetadata(new RequestSizeLimitAttribute(MaxJsonBytes))
            .WithName("CreateKitResource").WithSummary("Proposer une ressource pour son collectif (publiée par la modération), ou la publier (modération)");
        var maxVersion = endpoints.ServiceProvider.GetRequiredService<IOptions<KitOptions>>().Value.MaxVersionBytes;
        group.MapPost("/{id:int}/versions", AddVersion).RequireAuthorization(Policies.Member)
            .RequireRateLimiting(FileRateLimits.Uploads)
            .WithMetadata(new RequestSizeLimitAttribute(maxVersion))
            .WithName("AddKitVersion").WithSummary("Ajouter une version (champ « changelog », fichiers dans « files », multipart/form-data)");
        group.MapPost("/{id:int}/publish", Publish).RequireAuthorization(Policies.Moderator)
            .WithName("PublishKitResource").WithSummary("Publier une ressource proposée (modération)");
        group.MapPut("/{id:int}", Update).RequireAuthorization(Policies.Member)
            .WithMetadata(new RequestSizeLimitAttribute(MaxJsonBytes))
            .WithName("UpdateKitResource").WithSummary("Modifier le titre, la description, le type, la langue, la licence, les formats et mots-clés d'une ressource (membres du collectif auteur, modération)");
        group.MapDelete("/{id:int}", Delete).RequireAuthorization(Policies.Member)
            .WithName("DeleteKitResource").WithSummary("Supprimer une ressource et ses versions (membres du collectif auteur, modération)");
        group.MapDelete("/{id:int}/versions/{number:int}", DeleteVersion).RequireAuthorization(Policies.Member)
            .WithName("DeleteKitVersion").WithSummary("Supprimer une version d'une ressource (membres du collectif auteur, modération)");
        return group;
    }

    public static async Task<Results<Ok<KitListDto>, ValidationProblem>> List(
        string? kind, string? language, string? format, HttpContext context, KitService kit, SiteAddress site, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        Infrastructure.Caching.PublicPageCache.Tag(context, KitCache.ListTag);
        var errors = new Dictionary<string, string[]>();
        if (!string.IsNullOrEmpty(kind) && !KitCodes.IsKind(kind))
        {
            errors["kind"] = [text["Type de ressource inconnu : choisissez parmi {0}.", string.Join(", ", KitCodes.Kinds.Select(k => k.Code))].Value];
        }
        if (!string.IsNullOrEmpty(language) && !KitCodes.IsLanguage(language))
        {
            errors["language"] = [text["Langue inconnue : choisissez parmi {0}.", string.Join(", ", KitCodes.Languages.Select(l => l.Code))].Value];
        }
        var printFormat = KitCodes.Format(format);
        if (!string.IsNullOrEmpty(format) && printFormat is null)
        {
            errors["format"] = [text["Format d'impression inconnu : choisissez parmi {0}.", string.Join(", ", KitCodes.Formats)].Value];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: text["Requête refusée : vérifiez les paramètres indiqués."].Value);
        }
        var resources = await kit.PublishedAsync(new KitQuery(NullIfEmpty(kind), NullIfEmpty(language), printFormat), cancellationToken);
        var authors = await kit.AuthorsAsync(resources, cancellationToken);
        var root = site.WithoutRequest;
        return TypedResults.Ok(new KitListDto([.. resources.Select(r => r.AsItem(authors, root))]));
    }

    public static async Task<Results<Ok<KitResourceDto>, ProblemHttpResult>> Get(
        int id, HttpContext context, KitService kit, SiteAddress site, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        Infrastructure.Caching.PublicPageCache.Tag(context, KitCache.ResourceTag(id));
        if (await kit.FindAsync(id, cancellationToken) is not { } resource || !await kit.MaySeeAsync(context.User, resource, cancellationToken))
        {
            return NotFound(id, text);
        }
        var authors = await kit.AuthorsAsync([resource], cancellationToken);
        return TypedResults.Ok(resource.AsDocument(authors, site.WithoutRequest));
    }

    public static async Task<IResult> Create(
        KitResourceRequest? body, HttpContext context, KitService kit, SiteAddress site, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return TypedResults.Problem(title: text["Requête invalide"].Value, detail: text["Envoyez la ressource en JSON."].Value, statusCode: StatusCodes.Status400BadRequest);
        }
        var change = await kit.CreateAsync(context.User, new KitResourceInput(body.Kind, body.Title, body.Description, body.Language, body.Licence, body.Collective, body.Formats, body.Tags), cancellationToken);
        return await AnswerAsync(change, kit, site, text, created: true, cancellationToken);
    }

    public static async Task<IResult> AddVersion(
        int id, HttpRequest request, KitService kit, SiteAddress site, IOptions<KitOptions> options, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxVersionBytes;
        if (request.ContentLength > max)
        {
            return TooLarge(max, text);
        }
        if (!request.HasFormContentType)
        {
            return TypedResults.Problem(title: text["Type de contenu non pris en charge"].Value,
                detail: text["Envoyez la version en multipart/form-data : les fichiers dans le champ « files », la note de version dans « changelog »."].Value,
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(max, text);
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or IOException)
        {
            return TypedResults.Problem(title: text["Requête invalide"].Value,
                detail: text["Le formulaire envoyé n'a pas pu être lu : envoyez la version en multipart/form-data."].Value,
                statusCode: StatusCodes.Status400BadRequest);
        }
        var uploads = form.Files.GetFiles("files");
        var streams = new List<Stream>();
        try
        {
            var sent = uploads.Select(f =>
            {
                var stream = f.OpenReadStream();
                streams.Add(stream);
                return new KitUpload(stream, f.FileName, f.Length);
            }).ToList();
            var change = await kit.AddVersionAsync(request.HttpContext.User, id, form["changelog"].ToString(), sent, cancellationToken);
            return await AnswerAsync(change, kit, site, text, created: true, cancellationToken);
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    public static async Task<IResult> Update(
        int id, KitResourceRequest? body, HttpContext context, KitService kit, SiteAddress site, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        if (await kit.FindAsync(id, cancellationToken) is not { } resource || !await kit.MaySeeAsync(context.User, resource, cancellationToken))
        {
            return NotFound(id, text);
        }
        if (body is null)
        {
            return TypedResults.Problem(title: text["Requête invalide"].Value, detail: text["Envoyez la ressource en JSON."].Value, statusCode: StatusCodes.Status400BadRequest);
        }
        var change = await kit.UpdateAsync(context.User, id,
            new KitResourceInput(body.Kind, body.Title, body.Description, body.Language, body.Licence, body.Collective, body.Formats, body.Tags), cancellationToken);
        return await AnswerAsync(change, kit, site, text, created: false, cancellationToken, id);
    }

    public static async Task<IResult> Delete(int id, HttpContext context, KitService kit, SiteAddress site, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
        (await kit.DeleteAsync(context.User, id, cancellationToken)) switch
        {
            KitChange.Done => TypedResults.NoContent(),
            var change => await AnswerAsync(change, kit, site, text, created: false, cancellationToken, id),
        };

    public static async Task<IResult> DeleteVersion(
        int id, int number, HttpContext context, KitService kit, SiteAddress site, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
        (await kit.DeleteVersionAsync(context.User, id, number, cancellationToken)) switch
        {
            KitChange.Done => TypedResults.NoContent(),
            KitChange.NotFound => TypedResults.Problem(title: text["Version introuvable"].Value,
                detail: text["Aucune version {0} de la ressource n° {1}.", number.ToString(CultureInfo.InvariantCulture), id.ToString(CultureInfo.InvariantCulture)].Value,
                statusCode: StatusCodes.Status404NotFound),
            var change => await AnswerAsync(change, kit, site, text, created: false, cancellationToken, id),
        };

    public static async Task<IResult> Publish(int id, HttpContext context, KitService kit, SiteAddress site, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
        await AnswerAsync(await kit.PublishAsync(context.User, id, cancellationToken), kit, site, text, created: false, cancellationToken, id);

    private static async Task<IResult> AnswerAsync(KitChange change, KitService kit, SiteAddress site, IStringLocalizer<SharedResource> text, bool created, CancellationToken cancellationToken, int id = 0)
    {
        switch (change)
        {
            case KitChange.Done(var saved):
                var resource = (await kit.FindAsync(saved.Id, cancellationToken))!;
                var document = resource.AsDocument(await kit.AuthorsAsync([resource], cancellationToken), site.WithoutRequest);
                return created ? TypedResults.Created($"/api/v1/kit/{saved.Id}", document) : TypedResults.Ok(document);
            case KitChange.Invalid(var errors, true):
                return TypedResults.Problem(title: text["Fichier trop volumineux"].Value, detail: string.Join(" ", errors.Values.SelectMany(e => e)), statusCode: StatusCodes.Status413PayloadTooLarge);
            case KitChange.Invalid(var errors, _):
                return TypedResults.ValidationProblem(errors, title: text["Ressource non enregistrée : vérifiez les champs indiqués."].Value);
            case KitChange.Proposed(var waiting, var proposal):
                return TypedResults.Accepted(site.WithoutRequest + waiting.PagePath, new KitVersionProposedDto(waiting.Id, proposal, "pending",
                    text["La version attend la relecture de l'équipe de modération : elle sera publiée une fois acceptée."].Value));
            case KitChange.Forbidden(var reason):
                return TypedResults.Problem(title: text["Action réservée"].Value, detail: text[reason].Value, statusCode: StatusCodes.Status403Forbidden);
            default:
                return NotFound(id, text);
        }
    }

    private static ProblemHttpResult TooLarge(long max, IStringLocalizer<SharedResource> text) =>
        TypedResults.Problem(title: text["Fichier trop volumineux"].Value,
            detail: text["Les fichiers d'une version dépassent ensemble la taille permise ({0}).", SourceFileStore.FormatSize(max)].Value,
            statusCode: StatusCodes.Status413PayloadTooLarge);

    private static ProblemHttpResult NotFound(int id, IStringLocalizer<SharedResource> text) =>
        TypedResults.Problem(title: text["Ressource introuvable"].Value, detail: text["Aucune ressource du kit n° {0}.", id.ToString(CultureInfo.InvariantCulture)].Value, statusCode: StatusCodes.Status404NotFound);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public static KitAuthorDto AuthorOf(KitResource resource, IReadOnlyDictionary<int, PublicCollective> authors, string root) =>
        resource.CollectiveId is { } collectiveId && authors.TryGetValue(collectiveId, out var collective)
            ? new KitAuthorDto(collectiveId, collective.Name, collective.ProfilePath is null ? null : root + collective.ProfilePath)
            : new KitAuthorDto(null, KitService.CampaignAuthor, null);

    public static KitItemDto AsItem(this KitResource resource, IReadOnlyDictionary<int, PublicCollective> authors, string root) => new(
        resource.Id, resource.Kind, resource.Title, resource.Description, resource.Language, resource.Licence, AuthorOf(resource, authors, root),
        resource.FormatList, resource.TagList, StatusCode(resource.Status), resource.PublishedAt,
        resource.Versions.Count == 0 ? null : resource.Versions.Max(v => v.Number), root + resource.PagePath);

    public static KitResourceDto AsDocument(this KitResource resource, IReadOnlyDictionary<int, PublicCollective> authors, string root) => new(
        resource.Id, resource.Kind, resource.Title, resource.Description, resource.Language, resource.Licence, AuthorOf(resource, authors, root),
        resource.FormatList, resource.TagList, StatusCode(resource.Status), resource.PublishedAt, root + resource.PagePath,
        [.. resource.Versions.OrderByDescending(v => v.Number).Select(v => new KitVersionDto(v.Number, v.Changelog, v.CreatedAt,
            [.. v.Files.OrderBy(f => f.Position).Select(f => new KitFileDto(f.Id, f.Sha256, f.Bytes, f.MediaType,
                root + KitFileEndpoints.DownloadPath(f.Id), f.PreviewSha256 is null ? null : root + KitFileEndpoints.PreviewPath(f.Id), f.Downloads))]))]);

    private static string StatusCode(KitStatus status) => status == KitStatus.Published ? "published" : "pending";
}
