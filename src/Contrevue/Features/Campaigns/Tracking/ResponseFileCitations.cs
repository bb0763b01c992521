using Contrevue.Data;
using Contrevue.Features.Moderation;
using Contrevue.Infrastructure.Files;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Campaigns.Tracking;

/// <summary>
/// A published campaign answer shows the reply it cites to everyone (it was moderated like a source); an
/// answer reported by a member waits in the moderation queue with its reply, shown to moderators only.
/// </summary>
public sealed class ResponseFileCitations(ContrevueDbContext db) : IFileCitations
{
    public async Task<FileAudience> AudienceAsync(string sha256, CancellationToken cancellationToken)
    {
        if (await db.Set<CampaignResponse>().AnyAsync(r => r.FileSha256 == sha256, cancellationToken))
        {
            return FileAudience.Everyone;
        }
        return await db.Set<Proposal>().AnyAsync(p => p.Kind == CampaignResponseWriter.ProposalKind && p.Status == ProposalStatus.Pending
            && p.Data.Contains(sha256), cancellationToken) ? FileAudience.Moderators : FileAudience.Nobody;
    }
}
