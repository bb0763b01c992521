using Contrevue.Infrastructure.Security;
using System.Security.Claims;

namespace Contrevue.Infrastructure.Files;

/// <summary>Who may fetch a stored file at <c>/fichiers/{sha256}</c>, from the widest audience down.</summary>
public enum FileAudience
{
    /// <summary>Nothing that may be shown by its hash cites it: served to no one (404).</summary>
    Nobody = 0,
    /// <summary>Only things moderators may see cite it (a hidden dossier or source, a pending answer).</summary>
    Moderators = 1,
    /// <summary>Something public cites it.</summary>
    Everyone = 2,
}

/// <summary>
/// Something that cites stored files by their hash (a dossier's source, a campaign answer…): it says how
/// widely it shows a file. Each feature that cites files registers one; <see cref="FileVisibility"/> asks them all.
/// </summary>
public interface IFileCitations
{
    Task<FileAudience> AudienceAsync(string sha256, CancellationToken cancellationToken);
}

/// <summary>
/// A file is not public or private by itself: it is shown as widely as the widest thing that cites it.
/// Each feature's citations are asked in turn. A procedure's documents are deliberately not among them:
/// they are served by <c>/procedures/{id}/documents/{doc}</c> under the procedure's own rule, so a private
/// procedure never opens its files to anyone by their hash — moderators included.
/// </summary>
public sealed class FileVisibility(IEnumerable<IFileCitations> citations)
{
    public async Task<FileAudience> AudienceAsync(string sha256, CancellationToken cancellationToken)
    {
        var audience = FileAudience.Nobody;
        foreach (var citation in citations)
        {
            var cited = await citation.AudienceAsync(sha256, cancellationToken);
            audience = cited > audience ? cited : audience;
            if (audience == FileAudience.Everyone)
            {
                break;
            }
        }
        return audience;
    }

    /// <summary>
    /// Whether the user is in the audience. A moderator's session without its second factor does not hold
    /// the role (SecondFactorClaims), so it is not in the moderators' audience either.
    /// </summary>
    public static bool Includes(FileAudience audience, ClaimsPrincipal user) => audience switch
    {
        FileAudience.Everyone => true,
        FileAudience.Moderators => user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin),
        _ => false,
    };
}
