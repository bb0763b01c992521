namespace Contrevue.Infrastructure.Backup;

/// <summary>
/// Something derived from the tables but not stored in them (a search index…), which a feature builds
/// again after a restore: the backup carries only the model's tables.
/// </summary>
public interface IRestoredDataRebuilder
{
    Task RebuildAsync(CancellationToken cancellationToken);
}
