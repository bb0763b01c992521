using System.Security.Claims;
using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Features.Moderation;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.Files;

/// <summary>Who may fetch a stored file at <c>/fichiers/{sha256}</c>, from the widest audience down.</summary>
public enum FileAudience
{
    /// <summary>Nothing that may be shown by its hash cites it: served to no one (404).</summary>
    Nobody = 0,
    /// <summary>Only things moderators may see cite it (a hidden dossier or source, a pending answer).</summary>
    Moderators = 1,
    /// <summary>Something public cites it.</summary>
    Everyone = 2,
}

/// <summary>
/// A file is not public or private by itself: it is shown as widely as the widest thing that cites it.
/// Each kind of citation is asked in turn. A procedure's documents are deliberately not among them: they
/// are served by <c>/procedures/{id}/documents/{doc}</c> under the procedure's own rule, so a private
/// procedure never opens its files to anyone by their hash — moderators included.
/// </summary>
public sealed class FileVisibility(ContrevueDbContext db)
{
    public async Task<FileAudience> AudienceAsync(string sha256, CancellationToken cancellationToken)
    {
        var audience = FileAudience.Nobody;
        foreach (var citations in new Func<string, CancellationToken, Task<FileAudience>>[]
                 { ObservatoireSourcesAsync, CampaignResponsesAsync, CampaignResponseProposalsAsync })
        {
            var cited = await citations(sha256, cancellationToken);
            audience = cited > audience ? cited : audience;
            if (audience == FileAudience.Everyone)
            {
                break;
            }
        }
        return audience;
    }

    /// <summary>
    /// Whether the user is in the audience. A moderator's session without its second factor does not hold
    /// the role (SecondFactorClaims), so it is not in the moderators' audience either.
    /// </summary>
    public static bool Includes(FileAudience audience, ClaimsPrincipal user) => audience switch
    {
        FileAudience.Everyone => true,
        FileAudience.Moderators => user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin),
        _ => false,
    };

    /// <summary>A visible source of a visible dossier: everyone; a hidden one, or one of a hidden dossier: moderators.</summary>
    private async Task<FileAudience> ObservatoireSourcesAsync(string sha256, CancellationToken cancellationToken)
    {
        var citing = db.Set<Source>().Where(s => s.FileSha256 == sha256 || s.SnapshotSha256 == sha256);
        if (await citing.AnyAsync(s => !s.IsHidden && db.Set<Dossier>().Any(d => d.Id == s.DossierId && !d.IsHidden), cancellationToken))
        {
            return FileAudience.Everyone;
        }
        return await citing.AnyAsync(cancellationToken) ? FileAudience.Moderators : FileAudience.Nobody;
    }

    /// <summary>A campaign answer is published with its reply (moderated like a source).</summary>
    private async Task<FileAudience> CampaignResponsesAsync(string sha256, CancellationToken cancellationToken) =>
        await db.Set<CampaignResponse>().AnyAsync(r => r.FileSha256 == sha256, cancellationToken) ? FileAudience.Everyone : FileAudience.Nobody;

    /// <summary>An answer reported by a member waits in the moderation queue with the reply it cites.</summary>
    private async Task<FileAudience> CampaignResponseProposalsAsync(string sha256, CancellationToken cancellationToken) =>
        await db.Set<Proposal>().AnyAsync(p => p.Kind == CampaignResponseWriter.ProposalKind && p.Status == ProposalStatus.Pending
            && p.Data.Contains(sha256), cancellationToken) ? FileAudience.Moderators : FileAudience.Nobody;
}
