using System.Security.Cryptography;
using System.Threading.Channels;
using Contrevue.Data;
using Contrevue.Infrastructure.Mail;
using Contrevue.Infrastructure.PersonalData;
using Microsoft.AspNetCore.DataProtection;

namespace Contrevue.Features.DataRights;

/// <summary>
/// Links to <c>/mes-donnees/{token}</c>: the address, encrypted and signed with the Data Protection
/// keys, valid 24 hours. Nothing is stored; whoever holds the link (the mailbox's owner) sees and
/// erases that address's data, and only that.
/// </summary>
public sealed class DataRightsLinks(IDataProtectionProvider protection, TimeProvider time)
{
    public static readonly TimeSpan Validity = TimeSpan.FromHours(24);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Contrevue.DataRights.Link.v1").ToTimeLimitedDataProtector();

    public string TokenOf(string normalizedEmail) => _protector.Protect(normalizedEmail, time.GetUtcNow() + Validity);

    public static string PathOf(string token) => $"/mes-donnees/{Uri.EscapeDataString(token)}";

    /// <summary>The address a link stands for, or null for a forged, damaged or expired one.</summary>
    public string? EmailOf(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }
        try
        {
            return _protector.Unprotect(token, out var expiration) is { Length: > 0 } email && expiration > time.GetUtcNow() ? email : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>
/// Requests from <c>/mes-donnees</c>, handled in the background: the page answers at once and the
/// same way whatever is held, and its response time cannot tell either (the lookup happens later).
/// An e-mail leaves only when something is held: Contrevue never writes to an address it does not
/// know, so the form cannot be used to send mail to strangers.
/// </summary>
public sealed class DataRightsRequests
{
    // Bounded: a flood fills it and further requests are dropped, each answered as the others.
    private readonly Channel<(string Email, string SiteUrl)> _queue =
        Channel.CreateBounded<(string, string)>(new BoundedChannelOptions(500) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Submit(string email, string siteUrl) => _queue.Writer.TryWrite((PersonalDataAddress.Normalize(email), siteUrl));

    public ChannelReader<(string Email, string SiteUrl)> Reader => _queue.Reader;
}

public sealed class DataRightsMailer(DataRightsRequests requests, IServiceScopeFactory scopes, ILogger<DataRightsMailer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (email, siteUrl) in requests.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await HandleAsync(email, siteUrl, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Never the address in the log.
                logger.LogWarning(exception, "A data-rights request failed");
            }
        }
    }

    private async Task HandleAsync(string email, string siteUrl, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var held = 0;
        foreach (var holder in services.GetServices<IPersonalDataHolder>())
        {
            held += (await holder.FindAsync(email, cancellationToken)).Count;
        }
        if (held == 0)
        {
            return;
        }
        var link = siteUrl.TrimEnd('/') + DataRightsLinks.PathOf(services.GetRequiredService<DataRightsLinks>().TokenOf(email));
        services.GetRequiredService<IMailOutbox>().Enqueue(email, MailTemplates.Compose(
            OutboxAddressHolder.DataRightsSubject,
            "Vos données sur Contrevue",
            [
                "Bonjour,",
                "Quelqu'un, sans doute vous, a demandé ce que Contrevue détient sur cette adresse e-mail. Ce lien, valable 24 heures, vous le montre et vous permet de l'effacer :",
                link,
                "Ouvrir le lien ne change rien : seul le bouton « Tout effacer » de la page efface. Si vous n'avez rien demandé, ignorez ce message.",
            ]));
        await services.GetRequiredService<ContrevueDbContext>().SaveChangesAsync(cancellationToken);
    }
}

/// <summary>What the link's page shows and erases: every holder's items, erased in one transaction.</summary>
public sealed class PersonalDataRegistry(IEnumerable<IPersonalDataHolder> holders, ContrevueDbContext db, TimeProvider time)
{
    public async Task<List<PersonalDataItem>> FindAsync(string email, CancellationToken cancellationToken)
    {
        var items = new List<PersonalDataItem>();
        foreach (var holder in holders)
        {
            items.AddRange(await holder.FindAsync(email, cancellationToken));
        }
        return items;
    }

    public async Task<int> EraseAsync(string email, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var erased = 0;
        foreach (var holder in holders)
        {
            erased += await holder.EraseAsync(email, now, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return erased;
    }
}

public static class DataRightsSetup
{
    public static IServiceCollection AddDataRights(this IServiceCollection services)
    {
        services.AddSingleton<DataRightsLinks>();
        services.AddSingleton<DataRightsRequests>();
        services.AddHostedService<DataRightsMailer>();
        services.AddScoped<PersonalDataRegistry>();
        return services;
    }
}
