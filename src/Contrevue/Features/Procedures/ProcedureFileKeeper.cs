using Contrevue.Data;
using Contrevue.Infrastructure.Files;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Procedures;

/// <summary>A procedure's documents keep their stored files, even when another feature drops the same bytes.</summary>
internal sealed class ProcedureFileKeeper(ContrevueDbContext db) : IStoredFileKeeper
{
    public Task<bool> KeepsAsync(string sha256, CancellationToken cancellationToken) =>
        db.Set<ProcedureDocument>().AnyAsync(d => d.FileSha256 == sha256, cancellationToken);
}
