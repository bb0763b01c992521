using System.Security.Claims;
using Contrevue.Data;
using Contrevue.Features.Collectives;
using Contrevue.Infrastructure.Audit;
using Contrevue.Infrastructure.Caching;
using Contrevue.Infrastructure.Files;
using Contrevue.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Kit;

/// <summary>What a resource is, as a form or the API gives it (codes, not labels).</summary>
public sealed record KitResourceInput(
    string? Kind, string? Title, string? Description, string? Language, string? Licence,
    int? Collective, IReadOnlyList<string>? Formats, IReadOnlyList<string>? Tags);

/// <summary>A file sent for a new version: its content and the name its sender gave it (only the extension is read).</summary>
public sealed record KitUpload(Stream Content, string? FileName, long? Length);

/// <summary>The filters of the kit's list; null: any.</summary>
public sealed record KitQuery(string? Kind = null, string? Language = null, string? Format = null);

public abstract record KitChange
{
    public sealed record Done(KitResource Resource) : KitChange;
    /// <summary>French messages by field; <paramref name="TooLarge"/> when a file or the whole is over its cap (413).</summary>
    public sealed record Invalid(Dictionary<string, string[]> Errors, bool TooLarge = false) : KitChange;
    public sealed record NotFound : KitChange;
    public sealed record Forbidden(string Reason) : KitChange;
    /// <summary>A member's version of a published resource, waiting in the moderation queue as proposal <paramref name="ProposalId"/>.</summary>
    public sealed record Proposed(KitResource Resource, int ProposalId) : KitChange;
}

/// <summary>
/// The campaign kit: resources proposed by a collective's members (pending until a moderator publishes them)
/// or published by moderators, their versions and files, and the downloads counter. A published resource
/// changes through its collective's members and moderators: its metadata edited, versions and the resource
/// deleted (the files nothing cites any more dropped from storage), and new versions — at once by
/// moderators, through the moderation queue for members (<see cref="Proposals.KitVersionProposals"/>).
/// </summary>
/// <param name="services">
/// The moderation queue is reached through it, when a member's version is stored: the queue's service takes
/// every kind's publisher, the kit's among them, which take this service — a cycle if taken here.
/// </param>
public sealed class KitService(
    ContrevueDbContext db, CollectiveDirectory collectives, SourceFileStore files, KitPreviews previews, FileVisibility visibility,
    AuditLog audit, CacheInvalidation cache, IStringLocalizer<SharedResource> text, TimeProvider time, IServiceProvider services, IEnumerable<IStoredFileKeeper> keepers)
{
    public const int MaxListed = 300;

    /// <summary>The campaign's own name as an author, when no collective made the resource.</summary>
    public const string CampaignAuthor = "La campagne";

    public static bool IsModerator(ClaimsPrincipal user) => user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin);

    private static string? UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>Who may add to a resource of this collective (null: the campaign's, moderators only).</summary>
    public async Task<bool> MayWriteAsync(ClaimsPrincipal user, int? collectiveId, CancellationToken cancellationToken) =>
        IsModerator(user) || (collectiveId is { } id && await collectives.IsMemberAsync(UserId(user), id, cancellationToken));

    /// <summary>A published resource for anyone; a pending one for moderators and its collective's members.</summary>
    public async Task<bool> MaySeeAsync(ClaimsPrincipal user, KitResource resource, CancellationToken cancellationToken) =>
        resource.Status == KitStatus.Published || await MayWriteAsync(user, resource.CollectiveId, cancellationToken);

    /// <summary>Published resources, newest first, with their versions and files.</summary>
    public async Task<List<KitResource>> PublishedAsync(KitQuery query, CancellationToken cancellationToken)
    {
        var resources = db.Set<KitResource>().AsNoTracking().Where(r => r.Status == KitStatus.Published);
        if (query.Kind is { } kind)
        {
            resources = resources.Where(r => r.Kind == kind);
        }
        if (query.Language is { } language)
        {
            resources = resources.Where(r => r.Language == language);
        }
        if (query.Format is { } format)
        {
            var delimited = "," + format + ",";
            resources = resources.Where(r => r.Formats.Contains(delimited));
        }
        return await resources.OrderByDescending(r => r.PublishedAt).ThenByDescending(r => r.Id).Take(MaxListed)
            .Include(r => r.Versions).ThenInclude(v => v.Files).AsSplitQuery()
            .ToListAsync(cancellationToken);
    }

    /// <summary>Pending resources the user may publish or complete (all of them for moderators; their collectives' for members).</summary>
    public async Task<List<KitResource>> PendingForAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var pending = db.Set<KitResource>().AsNoTracking().Where(r => r.Status == KitStatus.Pending);
        if (!IsModerator(user))
        {
            if (UserId(user) is not { } userId)
            {
                return [];
            }
            var ids = await collectives.IdsOfMemberAsync(userId, cancellationToken);
            pending = pending.Where(r => r.CollectiveId != null && ids.Contains(r.CollectiveId.Value));
        }
        return await pending.OrderByDescending(r => r.CreatedAt).Take(MaxListed).ToListAsync(cancellationToken);
    }

    /// <summary>A resource with its versions (newest first) and their files (in their order).</summary>
    public async Task<KitResource?> FindAsync(int id, CancellationToken cancellationToken)
    {
        var resource = await db.Set<KitResource>().AsNoTracking().Include(r => r.Versions).ThenInclude(v => v.Files).AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (resource is not null)
        {
            resource.Versions = [.. resource.Versions.OrderByDescending(v => v.Number)];
            foreach (var version in resource.Versions)
            {
                version.Files = [.. version.Files.OrderBy(f => f.Position).ThenBy(f => f.Id)];
            }
        }
        return resource;
    }

    /// <summary>The author as public pages name it: a collective (with its profile when listed) or the campaign.</summary>
    public async Task<Dictionary<int, PublicCollective>> AuthorsAsync(IEnumerable<KitResource> resources, CancellationToken cancellationToken)
    {
        var ids = resources.Select(r => r.CollectiveId).OfType<int>().Distinct().ToList();
        return ids.Count == 0 ? [] : await collectives.PublicAsync(ids, cancellationToken);
    }

    /// <summary>The collectives the user may publish for, by name (a moderator may also publish for the campaign).</summary>
    public async Task<List<(int Id, string Name)>> CollectivesOfAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        UserId(user) is { } userId ? await collectives.OfMemberAsync(userId, cancellationToken) : [];

    /// <param name="firstVersion">The first version's note and files, created with the resource (a form); none: later, through the API.</param>
    public async Task<KitChange> CreateAsync(ClaimsPrincipal user, KitResourceInput input, CancellationToken cancellationToken,
        (string? Changelog, IReadOnlyList<KitUpload> Uploads)? firstVersion = null)
    {
        if (!await MayWriteAsync(user, input.Collective, cancellationToken))
        {
            return new KitChange.Forbidden(input.Collective is null
                ? "Seule l'équipe de modération publie une ressource au nom de la campagne : choisissez votre collectif."
                : "Vous n'êtes pas membre de ce collectif.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var resource = new KitResource { Kind = "", Title = "", Language = "", Licence = "", CreatedAt = now, UpdatedAt = now };
        var errors = Apply(resource, input);
        if (errors.Count > 0)
        {
            return new KitChange.Invalid(errors);
        }
        if (firstVersion is { } first)
        {
            var (stored, invalid) = await StoreFilesAsync(first.Changelog, first.Uploads, cancellationToken);
            if (invalid is not null)
            {
                return invalid;
            }
            resource.Versions.Add(new KitVersion { Number = 1, Changelog = first.Changelog?.Trim() ?? "", CreatedAt = now, Files = stored });
        }
        resource.ProposedByUserId = UserId(user);
        // A moderator's resource is published at once; a member's waits for a moderator.
        if (IsModerator(user))
        {
            resource.Status = KitStatus.Published;
            resource.PublishedAt = now;
        }
        db.Add(resource);
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(UserId(user), "kit.create", $"kit:{resource.Id}", resource.Status.ToString());
        await db.SaveChangesAsync(cancellationToken);
        await EvictResourceAsync(resource.Id, cancellationToken);
        return new KitChange.Done(resource);
    }

    public async Task<KitChange> PublishAsync(ClaimsPrincipal user, int id, CancellationToken cancellationToken)
    {
        var resource = await db.Set<KitResource>().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (resource is null)
        {
            return new KitChange.NotFound();
        }
        if (!IsModerator(user))
        {
            return new KitChange.Forbidden("Seule l'équipe de modération publie les ressources du kit.");
        }
        if (!await db.Set<KitVersion>().AnyAsync(v => v.ResourceId == id, cancellationToken))
        {
            return new KitChange.Invalid(new() { ["versions"] = [text["Ajoutez d'abord une version avec ses fichiers : une ressource sans fichier ne peut pas être publiée."].Value] });
        }
        if (resource.Status != KitStatus.Published)
        {
            resource.Status = KitStatus.Published;
            resource.PublishedAt = time.GetUtcNow().UtcDateTime;
            resource.UpdatedAt = resource.PublishedAt.Value;
            audit.Record(UserId(user), "kit.publish", $"kit:{resource.Id}");
            await db.SaveChangesAsync(cancellationToken);
            await EvictResourceAsync(resource.Id, cancellationToken);
        }
        return new KitChange.Done(resource);
    }

    /// <summary>
    /// A new version with its files, each through the shared upload rules (recognised by content, metadata
    /// stripped, size capped) with the kit's profile, and its preview made and stored once.
    /// </summary>
    public async Task<KitChange> AddVersionAsync(ClaimsPrincipal user, int id, string? changelog, IReadOnlyList<KitUpload> uploads, CancellationToken cancellationToken)
    {
        var resource = await db.Set<KitResource>().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (resource is null || !await MaySeeAsync(user, resource, cancellationToken))
        {
            return new KitChange.NotFound();
        }
        if (!await MayWriteAsync(user, resource.CollectiveId, cancellationToken))
        {
            return new KitChange.Forbidden("Seuls les membres du collectif auteur et l'équipe de modération ajoutent des versions.");
        }
        var (stored, invalid) = await StoreFilesAsync(changelog, uploads, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        // What the public already downloads changes only through a moderator: a member's version of a published
        // resource waits in the queue (its files stored, shown to moderators only). A pending resource is
        // reviewed as a whole when a moderator publishes it, so its versions are added at once.
        if (resource.Status == KitStatus.Published && !IsModerator(user))
        {
            var proposals = services.GetRequiredService<Proposals.KitVersionProposals>();
            var proposalId = await proposals.StoreAsync(UserId(user), resource, changelog?.Trim() ?? "", stored, cancellationToken);
            audit.Record(UserId(user), "kit.version.propose", $"kit:{id}", $"proposal:{proposalId.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            await db.SaveChangesAsync(cancellationToken);
            return new KitChange.Proposed(resource, proposalId);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var number = (await db.Set<KitVersion>().Where(v => v.ResourceId == id).MaxAsync(v => (int?)v.Number, cancellationToken) ?? 0) + 1;
        var version = new KitVersion { ResourceId = id, Number = number, Changelog = changelog?.Trim() ?? "", CreatedAt = now, Files = stored };
        db.Add(version);
        resource.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(UserId(user), "kit.version", $"kit:{id}", number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(cancellationToken);
        await EvictResourceAsync(id, cancellationToken);
        return new KitChange.Done(resource);
    }

    /// <summary>
    /// A member's version accepted by a moderator: added as the resource's next version, saved with the decision.
    /// Null when done; French errors when the resource or a file is gone (the moderator then refuses it).
    /// </summary>
    public async Task<Dictionary<string, string[]>?> AddProposedVersionAsync(Proposals.KitVersionProposalData data, CancellationToken cancellationToken)
    {
        var resource = await db.Set<KitResource>().FirstOrDefaultAsync(r => r.Id == data.Resource, cancellationToken);
        if (resource is null)
        {
            return new() { ["resource"] = [text["La ressource n° {0} a été supprimée : refusez cette version.", data.Resource].Value] };
        }
        var hashes = data.Files.Select(f => f.Sha256).Distinct().ToList();
        var present = await db.Set<StoredFile>().Where(f => hashes.Contains(f.Sha256)).CountAsync(cancellationToken);
        if (hashes.Count == 0 || present != hashes.Count)
        {
            return new() { ["files"] = [text["Un fichier de cette version n'est plus disponible : refusez-la et demandez à son auteur de l'envoyer à nouveau."].Value] };
        }
        var now = time.GetUtcNow().UtcDateTime;
        var number = (await db.Set<KitVersion>().Where(v => v.ResourceId == resource.Id).MaxAsync(v => (int?)v.Number, cancellationToken) ?? 0) + 1;
        db.Add(new KitVersion
        {
            ResourceId = resource.Id,
            Number = number,
            Changelog = data.Changelog,
            CreatedAt = now,
            Files = [.. data.Files.Select((f, i) => new KitFile
            {
                Position = i, Sha256 = f.Sha256, MediaType = f.MediaType, Extension = f.Extension, Bytes = f.Bytes, PreviewSha256 = f.PreviewSha256,
            })],
        });
        resource.UpdatedAt = now;
        return null;
    }

    /// <summary>
    /// A resource's title, description, kind, language, licence, formats and tags, changed by its collective's
    /// members or a moderator. Its author stays: <see cref="KitResourceInput.Collective"/> is null or the same.
    /// </summary>
    public async Task<KitChange> UpdateAsync(ClaimsPrincipal user, int id, KitResourceInput input, CancellationToken cancellationToken)
    {
        var resource = await db.Set<KitResource>().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (resource is null || !await MaySeeAsync(user, resource, cancellationToken))
        {
            return new KitChange.NotFound();
        }
        if (!await MayWriteAsync(user, resource.CollectiveId, cancellationToken))
        {
            return new KitChange.Forbidden("Seuls les membres du collectif auteur et l'équipe de modération modifient une ressource.");
        }
        if (input.Collective is { } collective && collective != resource.CollectiveId)
        {
            return new KitChange.Invalid(new() { ["collective"] = [text["L'auteur d'une ressource ne change pas : proposez-la à nouveau au nom de l'autre collectif."].Value] });
        }
        var errors = Apply(resource, input with { Collective = resource.CollectiveId });
        if (errors.Count > 0)
        {
            return new KitChange.Invalid(errors);
        }
        resource.UpdatedAt = time.GetUtcNow().UtcDateTime;
        audit.Record(UserId(user), "kit.edit", $"kit:{id}");
        await db.SaveChangesAsync(cancellationToken);
        await EvictResourceAsync(id, cancellationToken);
        return new KitChange.Done(resource);
    }

    /// <summary>A resource and its versions, by its collective's members or a moderator; then its files, where nothing else cites them.</summary>
    public async Task<KitChange> DeleteAsync(ClaimsPrincipal user, int id, CancellationToken cancellationToken)
    {
        var resource = await db.Set<KitResource>().Include(r => r.Versions).ThenInclude(v => v.Files).AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (resource is null || !await MaySeeAsync(user, resource, cancellationToken))
        {
            return new KitChange.NotFound();
        }
        if (!await MayWriteAsync(user, resource.CollectiveId, cancellationToken))
        {
            return new KitChange.Forbidden("Seuls les membres du collectif auteur et l'équipe de modération suppriment une ressource.");
        }
        var hashes = HashesOf(resource.Versions.SelectMany(v => v.Files));
        db.Remove(resource);
        audit.Record(UserId(user), "kit.delete", $"kit:{id}", resource.Title);
        await db.SaveChangesAsync(cancellationToken);
        await DropUncitedFilesAsync(hashes, cancellationToken);
        await EvictResourceAsync(id, cancellationToken);
        return new KitChange.Done(resource);
    }

    /// <summary>
    /// One version of a resource, by the same people; the only version of a published resource stays (the
    /// public would be left with a resource without files): the resource is deleted instead.
    /// </summary>
    public async Task<KitChange> DeleteVersionAsync(ClaimsPrincipal user, int id, int number, CancellationToken cancellationToken)
    {
        var resource = await db.Set<KitResource>().Include(r => r.Versions).ThenInclude(v => v.Files).AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (resource is null || !await MaySeeAsync(user, resource, cancellationToken) || resource.Versions.FirstOrDefault(v => v.Number == number) is not { } version)
        {
            return new KitChange.NotFound();
        }
        if (!await MayWriteAsync(user, resource.CollectiveId, cancellationToken))
        {
            return new KitChange.Forbidden("Seuls les membres du collectif auteur et l'équipe de modération suppriment une version.");
        }
        if (resource.Status == KitStatus.Published && resource.Versions.Count == 1)
        {
            return new KitChange.Invalid(new() { ["versions"] = [text["C'est la seule version de cette ressource publiée : ajoutez-en une autre d'abord, ou supprimez la ressource."].Value] });
        }
        var hashes = HashesOf(version.Files);
        db.Remove(version);
        resource.UpdatedAt = time.GetUtcNow().UtcDateTime;
        audit.Record(UserId(user), "kit.version.delete", $"kit:{id}", number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(cancellationToken);
        await DropUncitedFilesAsync(hashes, cancellationToken);
        await EvictResourceAsync(id, cancellationToken);
        return new KitChange.Done(resource);
    }

    private static List<string> HashesOf(IEnumerable<KitFile> kitFiles) =>
        [.. kitFiles.SelectMany(f => new[] { f.Sha256, f.PreviewSha256 }).OfType<string>().Distinct()];

    /// <summary>
    /// Stored files are shared by their hash (the same PDF in two resources, in a dossier's source…): one is
    /// dropped only when no kit file or preview cites it any more and no feature's citations
    /// (<see cref="FileVisibility"/>: the observatoire's sources, the campaign's answers, pending proposals)
    /// show it to anyone. The kit's own check is repeated in the delete itself, so that a version added
    /// meanwhile with the same bytes keeps its file.
    /// </summary>
    public async Task DropUncitedFilesAsync(IReadOnlyCollection<string> hashes, CancellationToken cancellationToken)
    {
        foreach (var hash in hashes)
        {
            if (await visibility.AudienceAsync(hash, cancellationToken) != FileAudience.Nobody
                || await KeptElsewhereAsync(hash, cancellationToken))
            {
                continue;
            }
            await db.Set<StoredFile>()
                .Where(f => f.Sha256 == hash && !db.Set<KitFile>().Any(k => k.Sha256 == hash || k.PreviewSha256 == hash))
                .ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>Kept by a feature that does not show files by their hash (a procedure's documents).</summary>
    private async Task<bool> KeptElsewhereAsync(string hash, CancellationToken cancellationToken)
    {
        foreach (var keeper in keepers)
        {
            if (await keeper.KeepsAsync(hash, cancellationToken))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A proposal accepted by a moderator: a pending resource of the campaign whose description gives the link
    /// and who proposed it, added to the moderator's decision (saved with it).
    /// </summary>
    public Task AddProposedAsync(Proposals.KitProposalData data, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var origin = data.ProposedBy is null ? text["Proposée par le public : {0}", data.Link].Value : text["Proposée par {0} : {1}", data.ProposedBy, data.Link].Value;
        var description = string.IsNullOrEmpty(data.Description) ? origin : data.Description + "\n\n" + origin;
        db.Add(new KitResource
        {
            Kind = data.Kind,
            Title = data.Title,
            Description = description.Length > KitResource.MaxDescriptionLength ? description[..KitResource.MaxDescriptionLength] : description,
            Language = "fr",
            Licence = KitCodes.DefaultLicence,
            Status = KitStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        });
        return Task.CompletedTask;
    }

    /// <summary>The version's files stored and previewed, or why they are refused (nothing is saved in the resource then).</summary>
    private async Task<(List<KitFile> Files, KitChange.Invalid? Invalid)> StoreFilesAsync(string? changelog, IReadOnlyList<KitUpload> uploads, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if ((changelog?.Trim().Length ?? 0) > KitVersion.MaxChangelogLength)
        {
            errors["changelog"] = [text["La note de version dépasse {0} caractères.", KitVersion.MaxChangelogLength].Value];
        }
        if (uploads.Count == 0)
        {
            errors["files"] = [text["Joignez au moins un fichier à la version."].Value];
        }
        else if (uploads.Count > KitVersion.MaxFiles)
        {
            errors["files"] = [text["Une version compte au plus {0} fichiers ({1} reçus).", KitVersion.MaxFiles, uploads.Count].Value];
        }
        if (errors.Count > 0)
        {
            return ([], new KitChange.Invalid(errors));
        }
        var stored = new List<KitFile>();
        foreach (var (upload, index) in uploads.Select((u, i) => (u, i)))
        {
            var result = await files.StoreAsync(upload.Content, upload.FileName, upload.Length, UploadProfile.Kit, cancellationToken);
            if (result.File is not { } file)
            {
                var name = Path.GetFileName(upload.FileName ?? "");
                var message = string.IsNullOrEmpty(name) ? result.Error! : text["« {0} » : {1}", name, result.Error!].Value;
                return ([], new KitChange.Invalid(new() { ["files"] = [message] }, TooLarge: result.ErrorKind == FileErrorKind.TooLarge));
            }
            stored.Add(new KitFile
            {
                Position = index,
                Sha256 = file.Sha256,
                MediaType = file.ContentType,
                Extension = file.Extension,
                Bytes = file.Length,
                PreviewSha256 = await PreviewAsync(file, cancellationToken),
            });
        }
        return (stored, null);
    }

    /// <summary>The stored preview's hash: an SVG is its own preview (shown only through &lt;img&gt;).</summary>
    private async Task<string?> PreviewAsync(StoredFileInfo file, CancellationToken cancellationToken)
    {
        if (file.ContentType == FileType.Svg.ContentType)
        {
            return file.Sha256;
        }
        if (file.ContentType != FileType.Pdf.ContentType && file.ContentType != FileType.Png.ContentType && file.ContentType != FileType.Jpeg.ContentType)
        {
            return null;
        }
        var content = await files.ReadAsync(file.Sha256, cancellationToken);
        if (content is null || await previews.RenderAsync(file.ContentType, content, cancellationToken) is not { } png)
        {
            return null;
        }
        var preview = await files.StoreAsync(new MemoryStream(png, writable: false), "apercu.png", png.Length, cancellationToken);
        return preview.File?.Sha256;
    }

    /// <summary>A file with its resource, when the user may see the resource.</summary>
    public async Task<(KitFile File, KitResource Resource, int Version)?> FileAsync(ClaimsPrincipal user, int fileId, CancellationToken cancellationToken)
    {
        var found = await db.Set<KitFile>().AsNoTracking().Where(f => f.Id == fileId)
            .Join(db.Set<KitVersion>(), f => f.VersionId, v => v.Id, (f, v) => new { File = f, v.ResourceId, v.Number })
            .Join(db.Set<KitResource>(), x => x.ResourceId, r => r.Id, (x, r) => new { x.File, x.Number, Resource = r })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null || !await MaySeeAsync(user, found.Resource, cancellationToken))
        {
            return null;
        }
        return (found.File, found.Resource, found.Number);
    }

    /// <summary>One more download: a counter in the file's row, and nothing about who downloaded.</summary>
    public Task CountDownloadAsync(int fileId, CancellationToken cancellationToken) =>
        db.Set<KitFile>().Where(f => f.Id == fileId).ExecuteUpdateAsync(s => s.SetProperty(f => f.Downloads, f => f.Downloads + 1), cancellationToken);

    /// <summary>Every page of the kit (a proposal accepted: a pending resource made).</summary>
    public Task EvictAsync(CancellationToken cancellationToken) => cache.EvictAsync([KitCache.AllTag], cancellationToken);

    /// <summary>What shows one resource: its page and API document, and the lists.</summary>
    public Task EvictResourceAsync(int id, CancellationToken cancellationToken) =>
        cache.EvictAsync([KitCache.ListTag, KitCache.ResourceTag(id)], cancellationToken);

    private Dictionary<string, string[]> Apply(KitResource resource, KitResourceInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (!KitCodes.IsKind(input.Kind))
        {
            errors["kind"] = [text["Type de ressource inconnu : choisissez parmi {0}.", string.Join(", ", KitCodes.Kinds.Select(k => k.Code))].Value];
        }
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            errors["title"] = [text["Le titre est obligatoire."].Value];
        }
        else if (title.Length > KitResource.MaxTitleLength)
        {
            errors["title"] = [text["Le titre dépasse {0} caractères.", KitResource.MaxTitleLength].Value];
        }
        var description = input.Description?.Trim() ?? "";
        if (description.Length > KitResource.MaxDescriptionLength)
        {
            errors["description"] = [text["La description dépasse {0} caractères.", KitResource.MaxDescriptionLength].Value];
        }
        var language = string.IsNullOrWhiteSpace(input.Language) ? "fr" : input.Language.Trim().ToLowerInvariant();
        if (!KitCodes.IsLanguage(language))
        {
            errors["language"] = [text["Langue inconnue : choisissez parmi {0}.", string.Join(", ", KitCodes.Languages.Select(l => l.Code))].Value];
        }
        var licence = string.IsNullOrWhiteSpace(input.Licence) ? KitCodes.DefaultLicence : input.Licence.Trim().ToLowerInvariant();
        if (!KitCodes.IsLicence(licence))
        {
            errors["licence"] = [text["Licence inconnue : choisissez parmi {0}.", string.Join(", ", KitCodes.Licences.Select(l => l.Code))].Value];
        }
        var formats = new List<string>();
        foreach (var value in input.Formats ?? [])
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }
            if (KitCodes.Format(value) is { } format)
            {
                if (!formats.Contains(format))
                {
                    formats.Add(format);
                }
            }
            else
            {
                errors["formats"] = [text["Format d'impression inconnu : choisissez parmi {0}.", string.Join(", ", KitCodes.Formats)].Value];
            }
        }
        var tags = (input.Tags ?? []).Select(t => Infrastructure.Text.SearchText.Slug(t ?? "")).Where(t => t.Length > 0).Distinct().ToList();
        if (tags.Count > KitResource.MaxTags)
        {
            errors["tags"] = [text["Au plus {0} mots-clés.", KitResource.MaxTags].Value];
        }
        else if (tags.Any(t => t.Length > KitResource.MaxTagLength))
        {
            errors["tags"] = [text["Un mot-clé compte au plus {0} caractères.", KitResource.MaxTagLength].Value];
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        resource.Kind = input.Kind!;
        resource.Title = title;
        resource.Description = description;
        resource.Language = language;
        resource.Licence = licence;
        resource.CollectiveId = input.Collective;
        resource.Formats = KitResource.Join(KitCodes.Formats.Where(formats.Contains));
        resource.Tags = KitResource.Join(tags);
        return errors;
    }
}
