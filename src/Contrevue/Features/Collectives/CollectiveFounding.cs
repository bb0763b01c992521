using Contrevue.Infrastructure;

namespace Contrevue.Features.Collectives;

/// <summary>
/// An admin's creation of a collective, for other features that gather its first members (the
/// mobilisation's sign-ups): the same rules as <c>/admin/collectifs</c>, answering with the new id only.
/// </summary>
[Seam]
public sealed class CollectiveFounding(CollectiveService collectives)
{
    /// <summary>The new collective's id, or null and French errors. Territories as <see cref="CollectiveService.CreateAsync"/> reads them.</summary>
    public async Task<(int? Id, List<string> Errors)> FoundAsync(
        string adminId, string? name, string? description, string? territories, CancellationToken cancellationToken)
    {
        var (collective, errors) = await collectives.CreateAsync(adminId, name, description, territories, cancellationToken);
        return (collective?.Id, errors);
    }
}
