using Contrevue.Infrastructure;

namespace Contrevue.Features.Territories;

/// <summary>
/// What a feature shows on territory pages and can change: its part of <see cref="TerritoryDataVersion"/>,
/// so that a change made by another instance (or the CLI) reaches cached pages and ETags within seconds.
/// Registered scoped by each feature that contributes a territory panel; read every few seconds, so it
/// should be one cheap query (a maximum id, say).
/// </summary>
[Seam]
public interface ITerritoryDataVersionSource
{
    /// <summary>A short text that changes whenever what the feature shows on territory pages changes.</summary>
    Task<string> CurrentAsync(CancellationToken cancellationToken);
}
