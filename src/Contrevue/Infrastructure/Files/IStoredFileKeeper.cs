namespace Contrevue.Infrastructure.Files;

/// <summary>
/// Something that keeps stored files without showing them by their hash (a procedure's documents, served under
/// the procedure's own rule): not among the <see cref="IFileCitations"/>, so <see cref="FileVisibility"/> says
/// nobody may fetch them — which must not be read as "nobody needs them". Stored files are shared by hash: a
/// feature that drops files it no longer cites first asks every keeper, as well as the citations.
/// </summary>
public interface IStoredFileKeeper
{
    Task<bool> KeepsAsync(string sha256, CancellationToken cancellationToken);
}
