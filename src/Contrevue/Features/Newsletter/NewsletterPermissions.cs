using System.Security.Claims;
using Contrevue.Infrastructure.Security;
using Contrevue.Features.Collectives;

namespace Contrevue.Features.Newsletter;

/// <summary>
/// Who organises which list: the national and départements' lists are the moderators' and admins';
/// a collective's list is its members'. Organising a list is sending to it, importing into it,
/// exporting it and reading its subscribers' consent log.
/// </summary>
public sealed class NewsletterPermissions(CollectiveDirectory collectives)
{
    public static bool IsModerator(ClaimsPrincipal user) => user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin);

    public async Task<bool> MayOrganiseAsync(ClaimsPrincipal user, NewsletterList list, CancellationToken cancellationToken)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return false;
        }
        if (list.Kind != NewsletterListKind.Collective)
        {
            return IsModerator(user);
        }
        return await collectives.IsMemberAsync(user.FindFirstValue(ClaimTypes.NameIdentifier), list.CollectiveId!.Value, cancellationToken);
    }

    /// <summary>True when the user organises every one of the lists (and there is at least one).</summary>
    public async Task<bool> MayOrganiseAllAsync(ClaimsPrincipal user, IReadOnlyCollection<NewsletterList> lists, CancellationToken cancellationToken)
    {
        if (lists.Count == 0)
        {
            return false;
        }
        foreach (var list in lists)
        {
            if (!await MayOrganiseAsync(user, list, cancellationToken))
            {
                return false;
            }
        }
        return true;
    }
}
