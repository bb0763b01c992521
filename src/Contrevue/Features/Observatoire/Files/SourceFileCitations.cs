using Contrevue.Data;
using Contrevue.Infrastructure.Files;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.Files;

/// <summary>A visible source of a visible dossier shows its file and snapshot to everyone; a hidden one, or one of a hidden dossier, to moderators.</summary>
public sealed class SourceFileCitations(ContrevueDbContext db) : IFileCitations
{
    public async Task<FileAudience> AudienceAsync(string sha256, CancellationToken cancellationToken)
    {
        var citing = db.Set<Source>().Where(s => s.FileSha256 == sha256 || s.SnapshotSha256 == sha256);
        if (await citing.AnyAsync(s => !s.IsHidden && db.Set<Dossier>().Any(d => d.Id == s.DossierId && !d.IsHidden), cancellationToken))
        {
            return FileAudience.Everyone;
        }
        return await citing.AnyAsync(cancellationToken) ? FileAudience.Moderators : FileAudience.Nobody;
    }
}
