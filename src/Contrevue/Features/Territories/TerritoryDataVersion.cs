using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Contrevue.Data;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Territories;

/// <summary>
/// Identifies the territory data being served (last import) together with this build of the app, for
/// ETags: a response is the same as long as neither changed. Read from the database at most every
/// few seconds so that an import by another instance or by the CLI is seen without a restart.
/// </summary>
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
                var last = await db.TerritoryImports.AsNoTracking().OrderByDescending(i => i.Id)
                    .Select(i => new { i.Id, i.SourceHash }).FirstOrDefaultAsync(cancellationToken);
                // Moderated facts shown with territories (contacts) change the data too.
                var lastRevision = await db.Set<Contrevue.Infrastructure.History.Revision>().MaxAsync(r => (int?)r.Id, cancellationToken);
                // So does where each territory stands in the campaigns.
                var lastRequest = await db.Set<Campaigns.Tracking.CampaignRequest>().MaxAsync(r => (int?)r.Id, cancellationToken);
                var lastResponse = await db.Set<Campaigns.Tracking.CampaignResponse>().MaxAsync(r => (int?)r.Id, cancellationToken);
                var material = $"{BuildId}/{last?.Id}/{last?.SourceHash}/{lastRevision}/{lastRequest}/{lastResponse}";
                _current = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)))[..20];
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
