using Contrevue.Data;
using Contrevue.Infrastructure.Documents;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Campaigns;

/// <summary>The campaign Contrevue starts with, written by us; created once, then edited by admins like any other.</summary>
public static class CampaignSeed
{
    public const string PasDeVsaSlug = "pas-de-vsa-dans-ma-ville";

    public const string LetterSubject = "Demande d'engagement contre la vidéosurveillance algorithmique {a_territoire}";

    /// <summary>
    /// The letter, in the voice of whoever signs it: <c>{one person|several people|a collective}</c>, or
    /// <c>{one person|several people or a collective}</c> (<see cref="SenderVoice"/>). Epicene: nothing
    /// asks the sender's gender, so nothing agrees with it.
    /// </summary>
    public static readonly string LetterTemplate = string.Join("\n\n",
        "{destinataire},",
        "{Je vis {a_territoire} et je vous écris|Nous vivons {a_territoire} et nous vous écrivons|Collectif qui agit {a_territoire}, nous vous écrivons} pour vous demander un engagement simple et public : que {territoire} ne déploie jamais de vidéosurveillance algorithmique (VSA), c'est-à-dire de logiciels qui analysent automatiquement les images des caméras pour repérer des comportements jugés « anormaux », suivre des personnes ou reconnaître des visages.",
        "Ces technologies transforment l'espace public en espace de contrôle permanent. Elles reposent sur des critères opaques de ce qui serait un comportement suspect, touchent d'abord les personnes les plus précaires et dissuadent l'exercice de libertés fondamentales : se réunir, manifester, circuler sans être observé. Leur efficacité n'a jamais été démontrée ; leur coût, lui, est bien réel.",
        "La loi du 19 mai 2023 relative aux Jeux olympiques n'a autorisé qu'une expérimentation limitée, encadrée par le décret n° 2023-828, et arrivée à son terme. En dehors de ce cadre, l'analyse automatisée des images de vidéoprotection n'a pas de base légale ; la CNIL rappelle que tout traitement de ce type exige une analyse d'impact et le respect strict du RGPD. La reconnaissance faciale dans l'espace public reste interdite.",
        "{paragraphe_personnel}",
        "{Je vous demande|Nous vous demandons} donc de vous engager, par écrit ou par une délibération du conseil municipal, à ce que {territoire} n'acquière, n'expérimente ni ne finance aucun dispositif de vidéosurveillance algorithmique. Votre réponse sera rendue publique sur Contrevue, l'observatoire citoyen de la vidéosurveillance.",
        "Dans l'attente de votre réponse, {je vous prie|nous vous prions} d'agréer, {destinataire}, l'expression de {ma|notre} considération distinguée.");

    /// <summary>The letter as first seeded, in the plural whoever wrote: replaced where no admin changed it.</summary>
    internal static readonly string LegacyLetterTemplate = string.Join("\n\n",
        "{destinataire},",
        "Habitant·e·s et acteurs de {territoire}, nous vous écrivons pour vous demander un engagement simple et public : que {territoire} ne déploie jamais de vidéosurveillance algorithmique (VSA), c'est-à-dire de logiciels qui analysent automatiquement les images des caméras pour repérer des comportements jugés « anormaux », suivre des personnes ou reconnaître des visages.",
        "Ces technologies transforment l'espace public en espace de contrôle permanent. Elles reposent sur des critères opaques de ce qui serait un comportement suspect, touchent d'abord les personnes les plus précaires et dissuadent l'exercice de libertés fondamentales : se réunir, manifester, circuler sans être observé. Leur efficacité n'a jamais été démontrée ; leur coût, lui, est bien réel.",
        "La loi du 19 mai 2023 relative aux Jeux olympiques n'a autorisé qu'une expérimentation limitée, encadrée par le décret n° 2023-828, et arrivée à son terme. En dehors de ce cadre, l'analyse automatisée des images de vidéoprotection n'a pas de base légale ; la CNIL rappelle que tout traitement de ce type exige une analyse d'impact et le respect strict du RGPD. La reconnaissance faciale dans l'espace public reste interdite.",
        "{paragraphe_personnel}",
        "Nous vous demandons donc de vous engager, par écrit ou par une délibération du conseil municipal, à ce que {territoire} n'acquière, n'expérimente ni ne finance aucun dispositif de vidéosurveillance algorithmique. Votre réponse sera rendue publique sur Contrevue, l'observatoire citoyen de la vidéosurveillance.",
        "Dans l'attente de votre réponse, nous vous prions d'agréer, {destinataire}, l'expression de notre considération distinguée.");

    internal const string LegacyLetterSubject = "Demande d'engagement contre la vidéosurveillance algorithmique à {territoire}";

    public static async Task SeedAsync(ContrevueDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var existing = await db.Set<Campaign>().FirstOrDefaultAsync(c => c.Slug == PasDeVsaSlug, cancellationToken);
        if (existing is not null)
        {
            await UpgradeLetterAsync(db, existing, time, cancellationToken);
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        db.Add(new Campaign
        {
            Slug = PasDeVsaSlug,
            Title = "Pas de VSA dans ma ville",
            Demand = "Nous demandons à chaque commune de s'engager publiquement à **ne jamais déployer de vidéosurveillance algorithmique** (VSA) sur son territoire, ni d'en expérimenter, ni d'en financer.",
            LetterSubject = LetterSubject,
            LetterTemplate = LetterTemplate,
            CreatedAt = now,
            UpdatedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance starting at the same time may have seeded it first; anything else is an error.
            db.ChangeTracker.Clear();
            if (!await db.Set<Campaign>().AsNoTracking().AnyAsync(c => c.Slug == PasDeVsaSlug, cancellationToken))
            {
                throw;
            }
        }
    }

    /// <summary>
    /// The first letter spoke in the plural for every sender. A database that still holds it word for word
    /// gets the letter that follows its sender; a letter an admin rewrote is left alone (the admin page
    /// explains the alternatives). The same on every instance: whichever writes first, the text is the same.
    /// </summary>
    private static async Task UpgradeLetterAsync(ContrevueDbContext db, Campaign campaign, TimeProvider time, CancellationToken cancellationToken)
    {
        var changed = false;
        if (campaign.LetterTemplate.ReplaceLineEndings("\n") == LegacyLetterTemplate)
        {
            campaign.LetterTemplate = LetterTemplate;
            changed = true;
        }
        if (campaign.LetterSubject == LegacyLetterSubject)
        {
            campaign.LetterSubject = LetterSubject;
            changed = true;
        }
        if (changed)
        {
            campaign.UpdatedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
