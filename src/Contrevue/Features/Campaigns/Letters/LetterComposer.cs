using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.Documents;
using System.Globalization;
using Contrevue.Data;
using Contrevue.Features.Contacts;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Letters;

public sealed record LetterRequest(
    string? Territory, string? SenderName, string? SenderKind, string? PersonalParagraph, string? Format,
    string? SenderCity = null, string? SenderAddress = null, bool Registered = false);

/// <summary>A sender whose fields were checked: the same for every letter of a batch.</summary>
public sealed record LetterSender(string Name, SenderKind Kind, string Paragraph, string? City, string? Address, bool Registered)
{
    /// <summary>The names that sign: one, or each of several people's.</summary>
    public IReadOnlyList<string> Names => Kind == SenderKind.Several ? SenderVoice.Names(Name) : [Name];
}

public abstract record Composition
{
    public sealed record Composed(Letter Letter, string Format, string? MailTo, string TerritoryName) : Composition
    {
        /// <summary>The campaign written for, so that callers need not look it up again.</summary>
        public int CampaignId { get; init; }
    }
    public sealed record Invalid(Dictionary<string, string[]> Errors) : Composition;
    public sealed record CampaignNotFound : Composition;
    /// <summary>The campaign is closed: its letters stay, no new one is written.</summary>
    public sealed record CampaignClosed(string Title) : Composition;
}

/// <summary>
/// Turns a campaign's letter into one sender's letter to one authority: addressee and address from
/// the territory's contact facts when known ("Madame, Monsieur le Maire" otherwise), the required
/// personal paragraph in its place, the date in French.
/// </summary>
public sealed class LetterComposer(ContrevueDbContext db, ContactService contacts, TimeProvider time, IStringLocalizer<SharedResource> localizer)
{
    public const int MinParagraphLength = 80;
    public const int MaxParagraphLength = 5_000;
    public const int MaxNameLength = 200;
    public static readonly string[] Formats = ["pdf", "docx", "txt"];

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public async Task<Composition> ComposeAsync(string slug, LetterRequest request, CancellationToken cancellationToken)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        if (campaign is null)
        {
            return new Composition.CampaignNotFound();
        }
        if (!campaign.IsOpen)
        {
            return new Composition.CampaignClosed(campaign.Title);
        }
        return await ComposeAsync(campaign, request, cancellationToken);
    }

    /// <summary>The letter of a campaign as given, open or not (an admin previews a campaign being written).</summary>
    public async Task<Composition> ComposeAsync(Campaign campaign, LetterRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        TerritoryReference? territory = null;
        string? territoryName = null;
        if (!TerritoryReference.TryParse(request.Territory, out territory))
        {
            errors["territory"] = ["Territoire invalide : un code INSEE (42218) ou commune:…, departement:…, region:…, epci:…"];
        }
        else if ((territoryName = await db.NameOfAsync(territory.Value, cancellationToken)) is null)
        {
            errors["territory"] = [localizer["Territoire inconnu : {0}.", request.Territory!]];
        }
        var sender = CheckSender(request.SenderName, request.SenderKind, request.PersonalParagraph, request.SenderCity, request.SenderAddress, request.Registered, errors);
        var format = string.IsNullOrWhiteSpace(request.Format) ? "pdf" : request.Format.Trim().ToLowerInvariant();
        if (!Formats.Contains(format))
        {
            errors["format"] = ["Format inconnu : pdf, docx ou txt."];
        }
        if (errors.Count > 0 || sender is null || territory is not { } place || territoryName is null)
        {
            return new Composition.Invalid(errors);
        }

        var facts = await contacts.FindAsync(place, cancellationToken);
        var postalCode = facts?.PostalAddress is null && place.Kind == TerritoryKind.Commune
            ? FirstPostalCode(await db.Set<Commune>().Where(c => c.Code == place.Code).Select(c => c.PostalCodes).FirstOrDefaultAsync(cancellationToken))
            : null;
        var letter = Build(campaign, sender, place.Kind, territoryName, facts, postalCode, Today());
        return new Composition.Composed(letter, format, MailTo(facts?.Email, letter), territoryName) { CampaignId = campaign.Id };
    }

    /// <summary>Today's date in Paris, in French: the date every letter composed now carries.</summary>
    public string Today() => FrenchDates.Format(Infrastructure.Time.ParisCalendar.Today(time));

    public static string? FirstPostalCode(string? postalCodes) =>
        string.IsNullOrWhiteSpace(postalCodes) ? null : postalCodes.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

    /// <summary>
    /// Checks what the sender gives (the same for one letter or a batch) and adds French errors by
    /// field; null when anything is wrong.
    /// </summary>
    public LetterSender? CheckSender(
        string? senderName, string? senderKind, string? personalParagraph, string? senderCity, string? senderAddress, bool registered,
        Dictionary<string, string[]> errors)
    {
        var count = errors.Count;
        var name = CheckedLine(senderName, "senderName", "Indiquez le nom de l'expéditeur (une personne ou un collectif).", errors);
        var city = CheckedLine(senderCity, "senderCity", null, errors);
        var address = CheckedText(senderAddress, "senderAddress", 500, errors);
        var kind = SenderVoice.Parse(senderKind, out var kindError);
        if (kindError is not null)
        {
            errors["senderKind"] = [kindError];
        }
        var paragraph = personalParagraph?.Trim().ReplaceLineEndings("\n");
        if (string.IsNullOrEmpty(paragraph) || paragraph.Length < MinParagraphLength)
        {
            errors["personalParagraph"] = [localizer["Le paragraphe personnel est obligatoire : au moins {0} caractères, pour dire en vos mots pourquoi cela vous concerne ({1} donnés).", MinParagraphLength, paragraph?.Length ?? 0]];
        }
        else if (paragraph.Length > MaxParagraphLength)
        {
            errors["personalParagraph"] = [localizer["Le paragraphe personnel tient en {0:N0} caractères au plus ({1:N0} donnés).", MaxParagraphLength, paragraph.Length]];
        }
        else if (HasControlCharacters(paragraph))
        {
            errors["personalParagraph"] = ["Le paragraphe personnel contient des caractères de contrôle invisibles : retirez-les (un copier-coller depuis un traitement de texte en laisse parfois)."];
        }
        return errors.Count > count || name is null || kind is null || paragraph is null
            ? null
            : new LetterSender(name, kind.Value, paragraph, city, address, registered);
    }

    /// <summary>
    /// The letter of a checked sender to one territory: addressee and address from its contact facts
    /// when known (<paramref name="postalCode"/> and the name otherwise), the campaign's text filled in.
    /// </summary>
    public static Letter Build(Campaign campaign, LetterSender sender, TerritoryKind kind, string territoryName, ContactFacts? facts, string? postalCode, string date)
    {
        var addressee = kind switch
        {
            TerritoryKind.Epci => "Madame, Monsieur le Président",
            TerritoryKind.Departement => "Madame, Monsieur le Président du conseil départemental",
            TerritoryKind.Region => "Madame, Monsieur le Président du conseil régional",
            _ => "Madame, Monsieur le Maire",
        };
        var institution = kind switch
        {
            TerritoryKind.Epci => territoryName,
            TerritoryKind.Departement => $"Conseil départemental — {territoryName}",
            TerritoryKind.Region => $"Conseil régional — {territoryName}",
            _ => $"Mairie {Infrastructure.Text.FrenchPlaceNames.Of(territoryName)}",
        };
        var addresseeLines = new List<string>();
        if (facts?.Mayor is { } mayor)
        {
            addresseeLines.Add(kind == TerritoryKind.Commune ? $"À l'attention de {mayor}, maire" : $"À l'attention de {mayor}");
        }
        else
        {
            addresseeLines.Add(addressee);
        }
        addresseeLines.Add(institution);
        if (facts?.PostalAddress is { } address)
        {
            addresseeLines.AddRange(address.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        else if (kind == TerritoryKind.Commune && postalCode is not null)
        {
            addresseeLines.Add($"{postalCode} {territoryName}");
        }

        // The template's alternatives first, so that nothing the sender typed is ever read as one.
        string Fill(string text) => SenderVoice.Resolve(text, sender.Kind)
            .Replace("{a_territoire}", At(territoryName), StringComparison.Ordinal)
            .Replace("{territoire}", territoryName, StringComparison.Ordinal)
            .Replace("{destinataire}", addressee, StringComparison.Ordinal)
            .Replace("{expediteur}", sender.Name, StringComparison.Ordinal)
            .Replace("{paragraphe_personnel}", sender.Paragraph, StringComparison.Ordinal)
            .Replace("{date}", date, StringComparison.Ordinal)
            .Replace("{ville_expediteur}", sender.City ?? territoryName, StringComparison.Ordinal);
        var parts = campaign.LetterTemplate.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Fill).ToList();
        var senderLines = new List<string>
        {
            sender.Kind switch
            {
                SenderKind.Collective => $"Collectif {CollectiveName(sender.Name)}",
                SenderKind.Several => SenderVoice.JoinNames(sender.Names),
                _ => sender.Name,
            },
        };
        if (sender.Address is not null)
        {
            senderLines.AddRange(sender.Address.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        return new Letter
        {
            SenderLines = senderLines,
            AddresseeLines = addresseeLines,
            PlaceAndDate = $"À {sender.City ?? territoryName}, le {date}",
            Mention = sender.Registered ? "Lettre recommandée avec demande d'avis de réception" : null,
            Subject = $"Objet : {Fill(campaign.LetterSubject)}",
            Salutation = parts.Count > 0 ? parts[0] : $"{addressee},",
            Paragraphs = parts.Count > 2 ? parts[1..^1] : parts.Skip(1).ToList(),
            Closing = parts.Count > 2 ? parts[^1] : "",
            SignatureLines = sender.Kind == SenderKind.Collective ? [$"Pour le collectif {CollectiveName(sender.Name)}"] : [.. sender.Names],
        };
    }

    /// <summary>"Loire sans VSA", whether the sender typed « Loire sans VSA » or « Collectif Loire sans VSA ».</summary>
    private static string CollectiveName(string name) =>
        name.StartsWith("collectif ", StringComparison.OrdinalIgnoreCase) && name.Length > 10 ? name[10..].TrimStart() : name;

    /// <summary>"à Saint-Étienne", "au Havre", "aux Mureaux".</summary>
    private static string At(string territoryName)
    {
        var (preposition, name) = FrenchPlaceNames.At(territoryName);
        return $"{preposition} {name}";
    }

    /// <summary>
    /// A mailto: link (RFC 6068) to the authority's address with the subject and the letter as body;
    /// line breaks as CRLF, everything percent-encoded. Null when the address is not known.
    /// </summary>
    public static string? MailTo(string? email, Letter letter)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }
        var body = LetterTextRenderer.Render(letter with { Subject = "" }).Trim().ReplaceLineEndings("\r\n");
        return $"mailto:{Uri.EscapeDataString(email.Trim()).Replace("%40", "@", StringComparison.Ordinal)}?subject={Uri.EscapeDataString(letter.Subject.Replace("Objet : ", "", StringComparison.Ordinal))}&body={Uri.EscapeDataString(body)}";
    }

    private static bool HasControlCharacters(string text) => text.Any(c => char.IsControl(c) && c is not ('\n' or '\t'));

    private string? CheckedLine(string? value, string field, string? requiredMessage, Dictionary<string, string[]> errors)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null)
        {
            if (requiredMessage is not null)
            {
                errors[field] = [requiredMessage];
            }
            return null;
        }
        if (text.Length > MaxNameLength || text.Any(char.IsControl))
        {
            errors[field] = [localizer["Une ligne de {0} caractères au plus, sans caractère de contrôle.", MaxNameLength]];
            return null;
        }
        return text;
    }

    private string? CheckedText(string? value, string field, int maxLength, Dictionary<string, string[]> errors)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim().ReplaceLineEndings("\n");
        if (text is not null && (text.Length > maxLength || HasControlCharacters(text)))
        {
            errors[field] = [localizer["{0} caractères au plus, sans caractère de contrôle.", maxLength]];
            return null;
        }
        return text;
    }
}
