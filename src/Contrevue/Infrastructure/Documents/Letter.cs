namespace Contrevue.Infrastructure.Documents;

/// <summary>
/// A composed letter, ready to be rendered as text, PDF or DOCX: every renderer lays out the same
/// parts, so the three formats always say the same thing.
/// </summary>
public sealed record Letter
{
    /// <summary>The sender's block, top left: name, then optional address lines.</summary>
    public required IReadOnlyList<string> SenderLines { get; init; }
    /// <summary>The addressee's block, right: "Madame, Monsieur le Maire", "Mairie de …", address lines.</summary>
    public required IReadOnlyList<string> AddresseeLines { get; init; }
    /// <summary>"À Saint-Étienne, le 29 novembre 2026".</summary>
    public required string PlaceAndDate { get; init; }
    /// <summary>"Lettre recommandée avec accusé de réception" for the registered variant, else null.</summary>
    public string? Mention { get; init; }
    /// <summary>"Objet : …".</summary>
    public required string Subject { get; init; }
    /// <summary>"Madame, Monsieur le Maire,".</summary>
    public required string Salutation { get; init; }
    /// <summary>The body, paragraph by paragraph (plain text, no Markdown left).</summary>
    public required IReadOnlyList<string> Paragraphs { get; init; }
    /// <summary>The closing formula, one paragraph.</summary>
    public required string Closing { get; init; }
    /// <summary>The signature: the sender's name (and "pour le collectif …").</summary>
    public required IReadOnlyList<string> SignatureLines { get; init; }
}
