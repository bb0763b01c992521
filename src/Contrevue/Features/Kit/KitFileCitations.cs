using Contrevue.Data;
using Contrevue.Features.Moderation;
using Contrevue.Infrastructure.Files;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Kit;

/// <summary>
/// The kit's files and previews at <c>/fichiers/{sha256}</c>: public once their resource is published; a pending
/// resource's, or a member's version waiting in the moderation queue, to moderators.
/// </summary>
public sealed class KitFileCitations(ContrevueDbContext db) : IFileCitations
{
    public async Task<FileAudience> AudienceAsync(string sha256, CancellationToken cancellationToken)
    {
        var statuses = await db.Set<KitFile>().AsNoTracking().Where(f => f.Sha256 == sha256 || f.PreviewSha256 == sha256)
            .Join(db.Set<KitVersion>(), f => f.VersionId, v => v.Id, (f, v) => v.ResourceId)
            .Join(db.Set<KitResource>(), id => id, r => r.Id, (id, r) => r.Status)
            .Distinct().ToListAsync(cancellationToken);
        if (statuses.Contains(KitStatus.Published))
        {
            return FileAudience.Everyone;
        }
        if (statuses.Count > 0)
        {
            return FileAudience.Moderators;
        }
        return await db.Set<Proposal>().AnyAsync(p => p.Kind == Proposals.KitVersionProposals.Kind && p.Status == ProposalStatus.Pending
            && p.Data.Contains(sha256), cancellationToken) ? FileAudience.Moderators : FileAudience.Nobody;
    }
}
