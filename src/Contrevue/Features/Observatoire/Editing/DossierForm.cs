using System.Globalization;

namespace Contrevue.Features.Observatoire.Editing;

/// <summary>
/// The dossier as an HTML form without JavaScript: a few blank rows for new vendors, funders and
/// sources; blank rows are ignored. Everything is text, so that a wrong number or date comes back with
/// the editor's French message and the visitor's input intact.
/// </summary>
public sealed class DossierForm
{
    public const int BlankVendorRows = 2;
    public const int BlankFunderRows = 2;
    public const int BlankSourceRows = 2;

    public string? Title { get; set; }
    public string? Summary { get; set; }
    public string? AuthorityKind { get; set; } = "commune";
    public string? AuthorityCode { get; set; }
    public string? AuthorityName { get; set; }
    public string? Territory { get; set; }
    public List<string> Technologies { get; set; } = [];
    public string? Status { get; set; }
    public string? StatusSince { get; set; }
    public string? CameraCount { get; set; }
    public string? BudgetEur { get; set; }
    public List<FunderRow> Funders { get; set; } = [];
    public List<VendorRow> Vendors { get; set; } = [];
    public string? AuthorizationNumber { get; set; }
    public string? AuthorizationIssuedOn { get; set; }
    public bool AuthorizationCoversVideoVerbalisation { get; set; }
    public string? AuthorizationPurposes { get; set; }
    public bool JoExperimentation { get; set; }
    public List<string> ExperimentationEvents { get; set; } = [];
    public string? OtherExperimentationEvents { get; set; }
    public string? Latitude { get; set; }
    public string? Longitude { get; set; }
    public List<SourceRow> Sources { get; set; } = [];
    public string? Reason { get; set; }
    /// <summary>The dossier's version when the edit form was opened: a form left open while someone else saved is refused.</summary>
    public int? Version { get; set; }

    public sealed class FunderRow
    {
        public string? Kind { get; set; }
        public string? Name { get; set; }
        public string? AmountEur { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(AmountEur);
    }

    public sealed class VendorRow
    {
        public string? Name { get; set; }
        public string? Product { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Name);
    }

    public sealed class SourceRow
    {
        public int? Id { get; set; }
        public bool Remove { get; set; }
        public string? Kind { get; set; } = "article";
        public string? Title { get; set; }
        public string? Publisher { get; set; }
        public string? Url { get; set; }
        public string? PublishedOn { get; set; }
        public string? Confidence { get; set; } = "to-verify";
        public List<string> Facts { get; set; } = [];
        /// <summary>The file already attached (kept when the row is sent back unchanged).</summary>
        public string? Sha256 { get; set; }
        public string? SnapshotSha256 { get; set; }
        public Microsoft.AspNetCore.Http.IFormFile? Upload { get; set; }

        public bool IsBlank => Id is null && string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(Url) && Upload is null;
    }

    /// <summary>Numbers typed the French way ("450 000", "1,5") are read; what cannot be read is left for the editor to refuse.</summary>
    private static (long? Value, bool Invalid) Number(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, false);
        }
        var cleaned = new string(text.Where(c => !char.IsWhiteSpace(c) && c != '\u202f' && c != '€').ToArray());
        return long.TryParse(cleaned, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? (value, false) : (null, true);
    }

    private static (double? Value, bool Invalid) Coordinate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, false);
        }
        return double.TryParse(text.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? (value, false) : (null, true);
    }

    /// <summary>The API document this form describes, and the errors of fields that are not even numbers.</summary>
    public (DossierDocument Document, Dictionary<string, string[]> Errors) ToDocument()
    {
        var errors = new Dictionary<string, string[]>();
        var (cameras, camerasInvalid) = Number(CameraCount);
        if (camerasInvalid)
        {
            errors["cameraCount"] = ["Le nombre de caméras est un nombre entier."];
        }
        var (budget, budgetInvalid) = Number(BudgetEur);
        if (budgetInvalid)
        {
            errors["budgetEur"] = ["Le budget est un montant en euros, sans centimes (450 000)."];
        }
        var (latitude, latitudeInvalid) = Coordinate(Latitude);
        var (longitude, longitudeInvalid) = Coordinate(Longitude);
        if (latitudeInvalid || longitudeInvalid)
        {
            errors["location"] = ["Position invalide : des degrés décimaux, par exemple 45.43389 et 4.39."];
        }
        var funders = new List<FundingDocument>();
        foreach (var (row, index) in Funders.Select((r, i) => (r, i)).Where(x => !x.r.IsBlank))
        {
            var (amount, invalid) = Number(row.AmountEur);
            if (invalid)
            {
                errors[$"funders[{funders.Count}].amountEur"] = ["Le montant est un nombre d'euros, sans centimes."];
            }
            funders.Add(new FundingDocument(row.Kind, row.Name, amount));
        }
        var events = ExperimentationEvents.Concat((OtherExperimentationEvents ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var sources = new List<SourceDocument>();
        for (var i = 0; i < Sources.Count; i++)
        {
            var row = Sources[i];
            if (row.IsBlank || row.Remove)
            {
                continue;
            }
            sources.Add(new SourceDocument
            {
                Id = row.Id,
                Kind = row.Kind,
                Title = row.Title,
                Publisher = row.Publisher,
                Url = row.Url,
                PublishedOn = row.PublishedOn,
                Confidence = row.Confidence,
                Facts = row.Facts,
                Sha256 = row.Sha256,
                SnapshotSha256 = row.SnapshotSha256,
            });
        }
        var document = new DossierDocument
        {
            Title = Title,
            Summary = Summary,
            Authority = new AuthorityDocument(AuthorityKind, AuthorityCode, AuthorityName),
            Territory = Territory,
            Technologies = Technologies,
            Status = Status,
            StatusSince = StatusSince,
            CameraCount = cameras is { } c ? (int)Math.Clamp(c, -1, int.MaxValue) : null,
            BudgetEur = budget,
            Funders = funders,
            Vendors = Vendors.Where(v => !v.IsBlank).Select(v => new VendorReference(null, v.Name, v.Product)).ToList(),
            Authorization = string.IsNullOrWhiteSpace(AuthorizationIssuedOn) && string.IsNullOrWhiteSpace(AuthorizationNumber)
                ? null
                : new AuthorizationDocument(AuthorizationNumber, AuthorizationIssuedOn, null, AuthorizationCoversVideoVerbalisation, AuthorizationPurposes),
            Experimentation = JoExperimentation || events.Count > 0 ? new ExperimentationDocument(events) : null,
            Location = latitude is null && longitude is null ? null : new LocationDocument(latitude, longitude),
            Sources = sources,
        };
        return (document, errors);
    }

    public static DossierForm From(DossierDocument document) => new()
    {
        Title = document.Title,
        Summary = document.Summary,
        AuthorityKind = document.Authority?.Kind,
        AuthorityCode = document.Authority?.Code,
        AuthorityName = document.Authority?.Name,
        Territory = document.Territory,
        Technologies = document.Technologies ?? [],
        Status = document.Status,
        StatusSince = document.StatusSince,
        CameraCount = document.CameraCount?.ToString(CultureInfo.InvariantCulture),
        BudgetEur = document.BudgetEur?.ToString(CultureInfo.InvariantCulture),
        Funders = (document.Funders ?? []).Select(f => new FunderRow { Kind = f.Kind, Name = f.Name, AmountEur = f.AmountEur?.ToString(CultureInfo.InvariantCulture) }).ToList(),
        Vendors = (document.Vendors ?? []).Select(v => new VendorRow { Name = v.Name, Product = v.Product }).ToList(),
        AuthorizationNumber = document.Authorization?.Number,
        AuthorizationIssuedOn = document.Authorization?.IssuedOn,
        AuthorizationCoversVideoVerbalisation = document.Authorization?.CoversVideoVerbalisation ?? false,
        AuthorizationPurposes = document.Authorization?.Purposes,
        JoExperimentation = document.Experimentation is not null,
        ExperimentationEvents = (document.Experimentation?.Events ?? []).Where(e => ObservatoireCodes.ExperimentationEvents.Any(k => k.Code == e)).ToList(),
        OtherExperimentationEvents = string.Join('\n', (document.Experimentation?.Events ?? []).Where(e => ObservatoireCodes.ExperimentationEvents.All(k => k.Code != e))),
        Latitude = document.Location?.Latitude?.ToString(CultureInfo.InvariantCulture),
        Longitude = document.Location?.Longitude?.ToString(CultureInfo.InvariantCulture),
        Sources = (document.Sources ?? []).Select(s => new SourceRow
        {
            Id = s.Id, Kind = s.Kind, Title = s.Title, Publisher = s.Publisher, Url = s.Url, PublishedOn = s.PublishedOn,
            Confidence = s.Confidence, Facts = s.Facts ?? [], Sha256 = s.Sha256, SnapshotSha256 = s.SnapshotSha256,
        }).ToList(),
    };

    /// <summary>Adds the blank rows a visitor fills to add a vendor, a funder or a source.</summary>
    public DossierForm WithBlankRows()
    {
        Vendors.AddRange(Enumerable.Range(0, BlankVendorRows).Select(_ => new VendorRow()));
        Funders.AddRange(Enumerable.Range(0, BlankFunderRows).Select(_ => new FunderRow()));
        Sources.AddRange(Enumerable.Range(0, BlankSourceRows).Select(_ => new SourceRow()));
        return this;
    }

    /// <summary>
    /// French wording of an error's place, for the summary at the top of the form: "sources[1].url" is
    /// the second source sent, which is not always the second row (blank rows are skipped).
    /// </summary>
    public static string PlaceOf(string path)
    {
        var match = System.Text.RegularExpressions.Regex.Match(path, @"^(\w+)(?:\[(\d+)\])?(?:\.(\w+))?$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(50));
        if (!match.Success)
        {
            return path;
        }
        var number = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) + 1 : (int?)null;
        var what = match.Groups[1].Value switch
        {
            "title" => "Titre",
            "summary" => "Résumé",
            "authority" => "Autorité",
            "territory" => "Territoire",
            "technologies" => "Technologies",
            "status" or "timeline" => "Statut",
            "statusSince" => "Statut depuis le",
            "cameraCount" => "Nombre de caméras",
            "budgetEur" => "Budget",
            "funders" => "Financeur",
            "vendors" => "Fournisseur",
            "authorization" => "Autorisation préfectorale",
            "experimentation" => "Expérimentation",
            "location" => "Localisation",
            "sources" => "Source",
            _ => match.Groups[1].Value,
        };
        return number is { } n && match.Groups[1].Value is "funders" or "vendors" or "sources" ? $"{what} {n}" : what;
    }
}
