namespace Contrevue.Features.Observatoire.Listing;

/// <summary>
/// Reads the lists (<see cref="DossierListing"/>) before the instance answers its first request: otherwise the
/// first visitors of an instance that just started — after a crash, a deployment, in a press peak — wait
/// together for the 50,000 dossiers to be read, seconds during which it serves nothing fresh or fast.
/// A failure is only logged: the first list will read them.
/// </summary>
internal sealed class DossierListsWarmup(DossierListing listing, ILogger<DossierListsWarmup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await listing.RankAsync(new DossierCriteria(), 1, cancellationToken);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException and not OperationCanceledException)
        {
            logger.LogWarning(exception, "Dossier lists not read at start-up; the first list will read them");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
