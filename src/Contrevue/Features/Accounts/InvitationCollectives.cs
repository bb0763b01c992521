using Contrevue.Infrastructure;

namespace Contrevue.Features.Accounts;

/// <summary>
/// The collectives an invitation can make its invitee a member of. An invitation keeps only the
/// collective's id; the collectives themselves, and their members, belong to the feature that
/// implements this (one implementation is expected).
/// </summary>
[Seam]
public interface IInvitationCollectives
{
    /// <summary>Every collective, by name, for the admins' invitation form.</summary>
    Task<IReadOnlyList<(int Id, string Name)>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The collective's name, or null when there is no such collective.</summary>
    Task<string?> NameAsync(int collectiveId, CancellationToken cancellationToken);

    Task<bool> IsMemberAsync(int collectiveId, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the membership to the current unit of work without saving it: the invitation's acceptance
    /// saves both at once, so an accepted invitation never leaves an account outside its collective.
    /// </summary>
    void Join(int collectiveId, string userId, DateTime joinedAt);
}
