using System.Threading.Channels;

namespace Contrevue.Features.Accounts;

/// <summary>
/// Password reset requests, handled after the answer: looking the address up, making the token and
/// queuing the mail take time only when an account exists (a database write, tens of milliseconds on
/// SQLite), so answering after them told who has an account. The page answers at once, the same for
/// everyone, and <see cref="PasswordResetWorker"/> does the work. Kept in this instance's memory: a
/// request caught by a restart is lost, and its sender asks again.
/// </summary>
public sealed class PasswordResetRequests
{
    // Bounded: the sign-in rate limit already caps each client; past this, requests are dropped, not queued without end.
    private readonly Channel<(string Email, string SiteUrl)> _channel = Channel.CreateBounded<(string, string)>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Enqueue(string email, string siteUrl) => _channel.Writer.TryWrite((email, siteUrl));

    public IAsyncEnumerable<(string Email, string SiteUrl)> ReadAllAsync(CancellationToken cancellationToken) =>
        _channel.Reader.ReadAllAsync(cancellationToken);
}

public sealed class PasswordResetWorker(PasswordResetRequests requests, IServiceScopeFactory scopes, ILogger<PasswordResetWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (email, siteUrl) in requests.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PasswordResetService>().RequestAsync(email, siteUrl, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The address is not logged: it may be anyone's.
                logger.LogWarning(exception, "A password reset request failed");
            }
        }
    }
}
