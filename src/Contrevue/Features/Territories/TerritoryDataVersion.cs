using System.Security.Cryptography;
using System.Text;
using Contrevue.Data;
using Contrevue.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Territories;

/// <summary>
/// Identifies the territory data being served (last import), what the features show with it (each
/// <see cref="ITerritoryDataVersionSource"/>) and this build of the app, for ETags and cached pages: a
/// response is the same as long as none changed. Read from the database at most every few seconds so
/// that a change by another instance or by the CLI is seen without a restart.
/// </summary>
[Seam]
public sealed class TerritoryDataVersion(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);
    private static readonly string BuildId = typeof(TerritoryDataVersion).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private string? _current;
    private DateTimeOffset _readAt;

    public async ValueTask<string> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_current is not null && time.GetUtcNow() - _readAt < RefreshInterval)
        {
            return _current;
        }
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_current is null || time.GetUtcNow() - _readAt >= RefreshInterval)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
                var last = await db.Set<TerritoryImport>().AsNoTracking().OrderByDescending(i => i.Id)
                    .Select(i => new { i.Id, i.SourceHash }).FirstOrDefaultAsync(cancellationToken);
                var material = new StringBuilder($"{BuildId}/{last?.Id}/{last?.SourceHash}");
                // What the features show with territories (contacts, dossiers, campaign statuses) changes the pages too.
                foreach (var source in scope.ServiceProvider.GetServices<ITerritoryDataVersionSource>())
                {
                    material.Append('/').Append(await source.CurrentAsync(cancellationToken));
                }
                _current = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material.ToString())))[..20];
                _readAt = time.GetUtcNow();
            }
            return _current;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Forget the cached version (after an import in this process).</summary>
    public void Invalidate() => _current = null;
}
