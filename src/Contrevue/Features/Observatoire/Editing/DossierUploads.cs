using Contrevue.Infrastructure.Files;

namespace Contrevue.Features.Observatoire.Editing;

/// <summary>
/// Files attached to a dossier form's sources: each is checked and stored (not public until a visible
/// source cites it), and its row keeps the hash, so a form sent back with errors loses no upload.
/// </summary>
public sealed class DossierUploads(SourceFileStore store)
{
    public async Task<Dictionary<string, string[]>> StoreAsync(DossierForm form, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < form.Sources.Count; i++)
        {
            var row = form.Sources[i];
            if (row.Upload is not { Length: > 0 } upload)
            {
                continue;
            }
            await using var content = upload.OpenReadStream();
            var result = await store.StoreAsync(content, upload.FileName, upload.Length, cancellationToken);
            if (result.File is { } file)
            {
                row.Sha256 = file.Sha256;
            }
            else
            {
                errors[$"sources[{i}].upload"] = [result.Error ?? "Fichier refusé."];
            }
            row.Upload = null;
        }
        return errors;
    }
}
