using System.Diagnostics.Metrics;
using Contrevue.Data;
using Contrevue.Infrastructure.Metrics;

namespace Contrevue.Infrastructure.Mail;

/// <summary>
/// Messages sent and failed attempts as they happen, and the outbox's waiting messages counted when
/// scraped: at most one count query every few seconds, on the (status, next attempt) index.
/// </summary>
public sealed class MailMetrics
{
    private static readonly TimeSpan CountReuse = TimeSpan.FromSeconds(5);

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Lock _lock = new();
    private (long Count, DateTimeOffset At)? _waiting;

    public MailMetrics(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider time)
    {
        _scopes = scopes;
        _time = time;
        var meter = meters.Create(AppMeters.Mail);
        _sent = meter.CreateCounter<long>("contrevue.mail.sent", "{message}", "Messages the SMTP server accepted.");
        _failed = meter.CreateCounter<long>("contrevue.mail.failed_attempts", "{attempt}", "Sending attempts that failed (retried or given up).");
        meter.CreateObservableGauge("contrevue.mail.outbox.waiting", ObserveWaiting, "{message}",
            "Outbox messages not sent yet and not given up (pending or being sent).");
    }

    public void Sent() => _sent.Add(1);

    public void Failed() => _failed.Add(1);

    private IEnumerable<Measurement<long>> ObserveWaiting()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_waiting is not { } last || now - last.At >= CountReuse)
            {
                try
                {
                    _waiting = (CountWaiting(), now);
                }
                catch (Exception)
                {
                    // The database is away: report nothing rather than a wrong figure; the health check says why.
                    _waiting = null;
                    return [];
                }
            }
            return [new Measurement<long>(_waiting.Value.Count)];
        }
    }

    // Synchronous: an observable instrument is read synchronously by the exporter.
    private long CountWaiting()
    {
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        return db.OutboxMessages.LongCount(m => m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Sending);
    }
}
