using Contrevue.Features.Accounts;
using Contrevue.Features.Collectives;
using Contrevue.Infrastructure.Text;

namespace Contrevue.Features.Mobilisation;

/// <summary>The collectives a visitor may name when signing up: the listed ones (the others have no public existence).</summary>
public sealed class ListedCollectives(IInvitationCollectives collectives, CollectiveDirectory directory)
{
    public async Task<List<PublicCollective>> AllAsync(CancellationToken cancellationToken)
    {
        var all = await collectives.ListAsync(cancellationToken);
        var shown = await directory.PublicAsync([.. all.Select(c => c.Id)], cancellationToken);
        return [.. shown.Values.Where(c => c.ProfilePath is not null).OrderBy(c => c.Name, StringComparer.Ordinal)];
    }

    /// <summary>The listed collective of that name (accents, case and spacing aside), if any.</summary>
    public async Task<int?> MatchAsync(string name, CancellationToken cancellationToken)
    {
        var wanted = SearchText.Normalize(name);
        return (await AllAsync(cancellationToken)).FirstOrDefault(c => SearchText.Normalize(c.Name) == wanted)?.Id;
    }
}
