using Contrevue.Features.Accounts;

namespace Contrevue.Features.Collectives.Account;

/// <summary>"Mes collectifs" on the account page: the account's collectives and where their work is.</summary>
public sealed class CollectivesAccountSection(CollectiveService collectives) : IAccountSection
{
    public sealed record View(IReadOnlyList<CollectiveSummary> Collectives, IReadOnlyList<string> Roles);

    public int Order => 100;

    public string PartialName => "/Features/Collectives/Account/_CollectivesSection.cshtml";

    public async Task<object> LoadAsync(ContrevueUser account, IReadOnlyList<string> roles, CancellationToken cancellationToken) =>
        new View(await collectives.ListAsync(account.Id, cancellationToken), roles);
}
