using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Contrevue.Data;
using Contrevue.Features.Campaigns.Tracking;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Campaigns.Letters;

/// <summary>
/// Warns a sender whose personal paragraph repeats another sender's word for word: a mairie that
/// receives the same text twenty times reads a petition, not twenty letters. Only a hash of the
/// normalised paragraph and a count are kept — never the text, nor who wrote it.
/// </summary>
public sealed class ParagraphFingerprints(ContrevueDbContext db)
{
    /// <summary>Case, spacing, apostrophes and punctuation do not make a paragraph different.</summary>
    public static string Of(int campaignId, string paragraph)
    {
        var words = new StringBuilder();
        foreach (var character in paragraph.Normalize(NormalizationForm.FormC).ToLower(CultureInfo.GetCultureInfo("fr-FR")))
        {
            if (char.IsLetterOrDigit(character))
            {
                words.Append(character);
            }
            else if (words.Length > 0 && words[^1] != ' ')
            {
                words.Append(' ');
            }
        }
        var material = $"{campaignId}:{words.ToString().Trim()}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    /// <summary>Counts one more use; true when someone had already used it.</summary>
    public async Task<bool> RecordAsync(int campaignId, string fingerprint, CancellationToken cancellationToken)
    {
        var updated = await db.Set<ParagraphFingerprint>()
            .Where(f => f.CampaignId == campaignId && f.Hash == fingerprint)
            .ExecuteUpdateAsync(update => update.SetProperty(f => f.Uses, f => f.Uses + 1), cancellationToken);
        if (updated > 0)
        {
            return true;
        }
        db.Add(new ParagraphFingerprint { CampaignId = campaignId, Hash = fingerprint, Uses = 1 });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return false;
        }
        catch (DbUpdateException)
        {
            // Someone else wrote the same paragraph at the same moment.
            db.ChangeTracker.Clear();
            await db.Set<ParagraphFingerprint>()
                .Where(f => f.CampaignId == campaignId && f.Hash == fingerprint)
                .ExecuteUpdateAsync(update => update.SetProperty(f => f.Uses, f => f.Uses + 1), cancellationToken);
            return true;
        }
    }
}
