using Contrevue.Infrastructure.Files;
using Contrevue.Infrastructure.Text;
using System.Globalization;
using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire;

/// <summary>
/// Checks a <see cref="DossierDocument"/> and writes it onto a dossier entity: every error comes back
/// at once, keyed by the JSON path of the field ("sources[1].url"), in French.
/// </summary>
public sealed class DossierEditor(ContrevueDbContext db, Territories.Search.TerritoryField territoryField, TimeProvider time, IStringLocalizer<SharedResource> localizer)
{
    private readonly Dictionary<string, string[]> _errors = [];

    private DateOnly Today => Infrastructure.Time.ParisCalendar.Today(time);

    /// <summary>Applies <paramref name="input"/> to <paramref name="dossier"/> (new or loaded with its collections); returns the errors, empty on success.</summary>
    public async Task<Dictionary<string, string[]>> ApplyAsync(Dossier dossier, DossierDocument input, CancellationToken cancellationToken)
    {
        _errors.Clear();
        var title = Text(input.Title, "title", DossierLimits.TitleLength, required: true, "Donnez un titre au dossier.");
        var summary = Text(input.Summary, "summary", DossierLimits.SummaryLength, required: false, null) ?? "";
        await ApplyAuthorityAsync(dossier, input, cancellationToken);

        var technologies = Technology.None;
        foreach (var (code, index) in (input.Technologies ?? []).Select((c, i) => (c, i)))
        {
            if (ObservatoireCodes.Technologies.TryParse(code, out var technology))
            {
                technologies |= technology;
            }
            else
            {
                Error($"technologies[{index}]", localizer["Technologie inconnue « {0} » : {1}.", code, string.Join(", ", ObservatoireCodes.Technologies.Select(t => t.Code))]);
            }
        }
        if (technologies == Technology.None && !_errors.Keys.Any(k => k.StartsWith("technologies", StringComparison.Ordinal)))
        {
            Error("technologies", "Indiquez au moins une technologie.");
        }

        var timeline = ReadTimeline(dossier, input);
        if (input.CameraCount is < 0 or > 1_000_000)
        {
            Error("cameraCount", "Le nombre de caméras est un entier entre 0 et 1 000 000.");
        }
        if (input.BudgetEur is < 0 or > 100_000_000_000)
        {
            Error("budgetEur", "Le budget est un montant en euros, positif.");
        }
        var fundings = ReadFundings(input.Funders);
        var (authorizationNumber, authorizationIssuedOn, authorizationPurposes) = ReadAuthorization(input.Authorization);
        var events = ReadExperimentation(input.Experimentation);
        var (latitude, longitude) = ReadLocation(input.Location);
        var vendors = await ReadVendorsAsync(input.Vendors, cancellationToken);
        var sources = await ReadSourcesAsync(dossier, input.Sources, cancellationToken);

        var facts = FactsGiven(input, summary, technologies, vendors.Count, authorizationIssuedOn, events, latitude);
        CheckFactsAreSourced(facts, sources);
        if (_errors.Count > 0)
        {
            return new Dictionary<string, string[]>(_errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        dossier.Title = title!;
        dossier.Slug = SearchText.Slug(title!) is { Length: > 0 } slug ? slug[..Math.Min(slug.Length, 80)].TrimEnd('-') : "dossier";
        dossier.Summary = summary;
        dossier.Technologies = technologies;
        dossier.StatusChanges.Clear();
        dossier.StatusChanges.AddRange(timeline);
        var latest = timeline.OrderBy(s => s.On).Last();
        dossier.Status = latest.Status;
        dossier.StatusSince = latest.On;
        dossier.CameraCount = input.CameraCount;
        dossier.BudgetEur = input.BudgetEur;
        dossier.Fundings.Clear();
        dossier.Fundings.AddRange(fundings);
        dossier.AuthorizationNumber = authorizationNumber;
        dossier.AuthorizationIssuedOn = authorizationIssuedOn;
        dossier.AuthorizationExpiresOn = authorizationIssuedOn is { } issued ? DossierFlags.ExpiryOf(issued) : null;
        dossier.AuthorizationCoversVideoVerbalisation = input.Authorization?.CoversVideoVerbalisation ?? false;
        dossier.AuthorizationPurposes = authorizationPurposes;
        dossier.JoExperimentation = input.Experimentation is not null;
        dossier.ExperimentationEvents = string.Join('\n', events);
        dossier.Latitude = latitude;
        dossier.Longitude = longitude;
        // Reconciled rather than replaced: a vendor kept keeps its row (its key is the pair dossier–vendor).
        dossier.Vendors.RemoveAll(existing => !vendors.Any(v => v.Vendor == existing.Vendor));
        foreach (var wanted in vendors)
        {
            var kept = dossier.Vendors.FirstOrDefault(v => v.Vendor == wanted.Vendor);
            if (kept is null)
            {
                dossier.Vendors.Add(wanted);
            }
            else
            {
                kept.Product = wanted.Product;
            }
        }
        dossier.Sources.RemoveAll(existing => !sources.Contains(existing));
        foreach (var source in sources.Where(s => !dossier.Sources.Contains(s)))
        {
            source.CreatedAt = now;
            dossier.Sources.Add(source);
        }
        if (dossier.Id == 0)
        {
            dossier.CreatedAt = now;
        }
        dossier.UpdatedAt = now;
        return [];
    }

    private async Task ApplyAuthorityAsync(Dossier dossier, DossierDocument input, CancellationToken cancellationToken)
    {
        var authority = input.Authority;
        if (authority is null || !ObservatoireCodes.AuthorityKinds.TryParse(authority.Kind, out var kind))
        {
            Error("authority.kind", localizer["Indiquez le type d'autorité : {0}.", string.Join(", ", ObservatoireCodes.AuthorityKinds.Select(k => k.Code))]);
            return;
        }
        dossier.AuthorityKind = kind;
        TerritoryReference? territory = null;
        if (kind == AuthorityKind.Other)
        {
            var name = authority.Name?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > 200)
            {
                Error("authority.name", "Nommez l'organisme (200 caractères au plus), par exemple « RATP » ou « SNCF Voyageurs ».");
                return;
            }
            dossier.AuthorityCode = null;
            dossier.AuthorityName = name;
            // Placed on a territory's page like any dossier: a transport operator works somewhere.
            territory = await ReadPlaceAsync("territory", input.Territory, [],
                "Indiquez où l'organisme agit : le nom ou le code de la commune, du département, de la région ou de l'intercommunalité.", cancellationToken);
            if (territory is null)
            {
                return;
            }
        }
        else
        {
            var territoryKind = kind switch
            {
                AuthorityKind.Epci => TerritoryKind.Epci,
                AuthorityKind.Departement => TerritoryKind.Departement,
                AuthorityKind.Region => TerritoryKind.Region,
                _ => TerritoryKind.Commune,
            };
            if (!TerritoryReference.TryParse($"{TerritoryReference.Prefix(territoryKind)}:{authority.Code}", out territory))
            {
                // A name as people type it (« saint etienne », « Loire ») is read as every territory field reads it.
                territory = await ReadPlaceAsync("authority.code", authority.Code, [territoryKind], kind switch
                {
                    AuthorityKind.Epci => "Indiquez le nom ou le SIREN de l'intercommunalité (9 chiffres).",
                    AuthorityKind.Departement => "Indiquez le nom ou le code du département (42, 2A, 974…).",
                    AuthorityKind.Region => "Indiquez le nom ou le code de la région (84, 11…).",
                    _ => "Indiquez le nom ou le code INSEE de la commune (42218 pour Saint-Étienne).",
                }, cancellationToken);
                if (territory is null)
                {
                    return;
                }
            }
        }
        if (territory is not { } place)
        {
            dossier.TerritoryKind = null;
            dossier.TerritoryCode = dossier.CommuneCode = dossier.EpciSiren = dossier.DepartementCode = dossier.RegionCode = null;
            return;
        }
        var located = await LocateAsync(place, cancellationToken);
        if (located is null)
        {
            Error(kind == AuthorityKind.Other ? "territory" : "authority.code", localizer["Territoire inconnu : {0}.", place]);
            return;
        }
        if (kind != AuthorityKind.Other)
        {
            dossier.AuthorityCode = place.Code;
            dossier.AuthorityName = located.Name;
        }
        dossier.TerritoryKind = place.Kind;
        dossier.TerritoryCode = place.Code;
        dossier.CommuneCode = place.Kind == TerritoryKind.Commune ? place.Code : null;
        dossier.EpciSiren = place.Kind == TerritoryKind.Epci ? place.Code : null;
        dossier.DepartementCode = located.DepartementCode;
        dossier.RegionCode = located.RegionCode;
    }

    private sealed record Located(string Name, string? DepartementCode, string? RegionCode);

    /// <summary>A territory given by name or code; an error on <paramref name="path"/> (with the candidates of an ambiguous name) otherwise.</summary>
    private async Task<TerritoryReference?> ReadPlaceAsync(string path, string? value, TerritoryKind[] kinds, string missing, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Error(path, missing);
            return null;
        }
        switch (await territoryField.ResolveAsync(value, kinds, cancellationToken))
        {
            case Territories.Search.TerritoryFieldResult.Found found:
                return found.Territory;
            case Territories.Search.TerritoryFieldResult.Ambiguous ambiguous:
                Error(path, localizer["{0} Par exemple : {1}.", ambiguous.Message, string.Join(", ", ambiguous.Choices.Take(5).Select(c => c.FieldValue))]);
                return null;
            case Territories.Search.TerritoryFieldResult.Invalid invalid:
                Error(path, invalid.Message);
                return null;
            default:
                return null;
        }
    }

    private async Task<Located?> LocateAsync(TerritoryReference place, CancellationToken cancellationToken)
    {
        switch (place.Kind)
        {
            case TerritoryKind.Commune:
                return await db.Set<Commune>().Where(c => c.Code == place.Code)
                    .Select(c => new Located(c.Name, c.DepartementCode, c.RegionCode)).FirstOrDefaultAsync(cancellationToken);
            case TerritoryKind.Departement:
                return await db.Set<Departement>().Where(d => d.Code == place.Code)
                    .Select(d => new Located(d.Name, d.Code, d.RegionCode)).FirstOrDefaultAsync(cancellationToken);
            case TerritoryKind.Region:
                return await db.Set<Region>().Where(r => r.Code == place.Code)
                    .Select(r => new Located(r.Name, null, r.Code)).FirstOrDefaultAsync(cancellationToken);
            default:
                var name = await db.Set<Epci>().Where(e => e.Siren == place.Code).Select(e => e.Name).FirstOrDefaultAsync(cancellationToken);
                if (name is null)
                {
                    return null;
                }
                // An EPCI belongs to the département where most of its communes are.
                var main = await db.Set<Commune>().Where(c => c.EpciSiren == place.Code && c.Kind == CommuneKind.Commune)
                    .GroupBy(c => new { c.DepartementCode, c.RegionCode })
                    .Select(g => new { g.Key.DepartementCode, g.Key.RegionCode, Count = g.Count() })
                    .OrderByDescending(g => g.Count).FirstOrDefaultAsync(cancellationToken);
                return new Located(name, main?.DepartementCode, main?.RegionCode);
        }
    }

    private List<DossierStatusChange> ReadTimeline(Dossier dossier, DossierDocument input)
    {
        var changes = new List<DossierStatusChange>();
        foreach (var (change, index) in (input.Timeline ?? []).Select((c, i) => (c, i)))
        {
            var statusOk = ObservatoireCodes.Statuses.TryParse(change.Status, out var status);
            if (!statusOk)
            {
                Error($"timeline[{index}].status", StatusMessage(change.Status));
            }
            var on = Date(change.On, $"timeline[{index}].on", required: true);
            var note = Text(change.Note, $"timeline[{index}].note", 500, required: false, null);
            if (statusOk && on is { } day)
            {
                changes.Add(new DossierStatusChange { Status = status, On = day, Note = note });
            }
        }
        if (changes.Count > DossierLimits.MaxStatusChanges)
        {
            Error("timeline", localizer["{0} étapes au plus.", DossierLimits.MaxStatusChanges]);
        }

        DossierStatus? current = null;
        if (input.Status is not null)
        {
            if (ObservatoireCodes.Statuses.TryParse(input.Status, out var parsed))
            {
                current = parsed;
            }
            else
            {
                Error("status", StatusMessage(input.Status));
            }
        }
        var since = Date(input.StatusSince, "statusSince", required: false);
        if (input.Timeline is null or { Count: 0 })
        {
            // No timeline sent: keep the dossier's, adding a step when the status changes.
            changes = dossier.StatusChanges.Select(s => new DossierStatusChange { Status = s.Status, On = s.On, Note = s.Note }).ToList();
        }
        if (current is { } status2 && (changes.Count == 0 || changes.OrderBy(s => s.On).Last().Status != status2 || (since is { } d && changes.OrderBy(s => s.On).Last().On != d)))
        {
            var latest = changes.OrderBy(s => s.On).LastOrDefault();
            if (latest is not null && latest.Status == status2 && since is { } newDate)
            {
                latest.On = newDate;
            }
            else
            {
                changes.Add(new DossierStatusChange { Status = status2, On = since ?? Today });
            }
        }
        if (changes.Count == 0 && !_errors.ContainsKey("status"))
        {
            Error("status", StatusMessage(null));
        }
        return changes;
    }

    private string StatusMessage(string? given) => given is null
        ? localizer["Indiquez le statut du projet : {0}.", string.Join(", ", ObservatoireCodes.Statuses.Select(s => s.Code))]
        : localizer["Statut inconnu « {0} » : {1}.", given, string.Join(", ", ObservatoireCodes.Statuses.Select(s => s.Code))];

    private List<DossierFunding> ReadFundings(List<FundingDocument>? funders)
    {
        var fundings = new List<DossierFunding>();
        if (funders is { Count: > DossierLimits.MaxFundings })
        {
            Error("funders", localizer["{0} financeurs au plus.", DossierLimits.MaxFundings]);
            return fundings;
        }
        foreach (var (funder, index) in (funders ?? []).Select((f, i) => (f, i)))
        {
            if (!ObservatoireCodes.FunderKinds.TryParse(funder.Kind, out var kind))
            {
                Error($"funders[{index}].kind", localizer["Financeur inconnu « {0} » : {1}.", funder.Kind ?? "", string.Join(", ", ObservatoireCodes.FunderKinds.Select(f => f.Code))]);
                continue;
            }
            if (funder.AmountEur is < 0)
            {
                Error($"funders[{index}].amountEur", "Le montant est positif, en euros.");
            }
            fundings.Add(new DossierFunding { Kind = kind, Name = Text(funder.Name, $"funders[{index}].name", 200, required: false, null), AmountEur = funder.AmountEur });
        }
        return fundings;
    }

    private (string? Number, DateOnly? IssuedOn, string? Purposes) ReadAuthorization(AuthorizationDocument? authorization)
    {
        if (authorization is null)
        {
            return (null, null, null);
        }
        var number = Text(authorization.Number, "authorization.number", 100, required: false, null);
        var issuedOn = Date(authorization.IssuedOn, "authorization.issuedOn", required: true);
        var purposes = Text(authorization.Purposes, "authorization.purposes", 2000, required: false, null);
        return (number, issuedOn, purposes);
    }

    private List<string> ReadExperimentation(ExperimentationDocument? experimentation)
    {
        var events = new List<string>();
        foreach (var (text, index) in (experimentation?.Events ?? []).Select((e, i) => (e, i)))
        {
            var value = text?.Trim().ReplaceLineEndings(" ");
            if (string.IsNullOrEmpty(value) || value.Length > 200)
            {
                Error($"experimentation.events[{index}]", "Un événement détecté : un code du décret 2023-828 ou un texte de 200 caractères au plus.");
                continue;
            }
            var known = ObservatoireCodes.ExperimentationEvents.FirstOrDefault(e => string.Equals(e.Code, value, StringComparison.OrdinalIgnoreCase)).Code;
            if (!events.Contains(known ?? value))
            {
                events.Add(known ?? value);
            }
        }
        return events;
    }

    private (double? Latitude, double? Longitude) ReadLocation(LocationDocument? location)
    {
        if (location is null || (location.Latitude is null && location.Longitude is null))
        {
            return (null, null);
        }
        if (location.Latitude is not { } latitude || location.Longitude is not { } longitude
            || latitude is < -90 or > 90 || longitude is < -180 or > 180 || double.IsNaN(latitude) || double.IsNaN(longitude))
        {
            Error("location", "Position invalide : latitude entre -90 et 90, longitude entre -180 et 180 (degrés décimaux WGS 84).");
            return (null, null);
        }
        return (Math.Round(latitude, 6), Math.Round(longitude, 6));
    }

    private async Task<List<DossierVendor>> ReadVendorsAsync(List<VendorReference>? references, CancellationToken cancellationToken)
    {
        var vendors = new List<DossierVendor>();
        if (references is { Count: > DossierLimits.MaxVendors })
        {
            Error("vendors", localizer["{0} fournisseurs au plus.", DossierLimits.MaxVendors]);
            return vendors;
        }
        foreach (var (reference, index) in (references ?? []).Select((v, i) => (v, i)))
        {
            var product = Text(reference.Product, $"vendors[{index}].product", 200, required: false, null);
            Vendor? vendor = null;
            if (!string.IsNullOrWhiteSpace(reference.Slug))
            {
                vendor = await db.Set<Vendor>().FirstOrDefaultAsync(v => v.Slug == reference.Slug.Trim(), cancellationToken);
                if (vendor is null && string.IsNullOrWhiteSpace(reference.Name))
                {
                    Error($"vendors[{index}].slug", localizer["Fournisseur inconnu « {0} » : donnez son nom pour le créer.", reference.Slug]);
                    continue;
                }
            }
            if (vendor is null)
            {
                var name = Text(reference.Name, $"vendors[{index}].name", 200, required: true, "Nommez le fournisseur.");
                if (name is null)
                {
                    continue;
                }
                vendor = await VendorDirectory.FindOrCreateAsync(db, name, time, cancellationToken);
            }
            if (vendors.Any(v => v.Vendor == vendor))
            {
                continue;
            }
            vendors.Add(new DossierVendor { Vendor = vendor, VendorId = vendor.Id, Product = product });
        }
        return vendors;
    }

    private async Task<List<Source>> ReadSourcesAsync(Dossier dossier, List<SourceDocument>? documents, CancellationToken cancellationToken)
    {
        var sources = new List<Source>();
        if (documents is { Count: > DossierLimits.MaxSources })
        {
            Error("sources", localizer["{0} sources au plus par dossier.", DossierLimits.MaxSources]);
            return sources;
        }
        foreach (var (document, index) in (documents ?? []).Select((s, i) => (s, i)))
        {
            var path = $"sources[{index}]";
            Source source;
            if (document.Id is { } id)
            {
                var existing = dossier.Sources.FirstOrDefault(s => s.Id == id);
                if (existing is null)
                {
                    Error($"{path}.id", localizer["La source #{0} n'appartient pas à ce dossier : retirez son « id » pour l'ajouter comme nouvelle source.", id]);
                    continue;
                }
                source = existing;
            }
            else
            {
                source = new Source { Title = "" };
            }
            if (await ReadSourceAsync(source, document, path, cancellationToken))
            {
                sources.Add(source);
            }
        }
        if (sources.Count == 0 && !_errors.Keys.Any(k => k.StartsWith("sources", StringComparison.Ordinal)))
        {
            Error("sources", "Chaque dossier s'appuie sur au moins une source (article, délibération, arrêté…).");
        }
        return sources;
    }

    /// <summary>Checks one source and, when it is valid, writes it onto <paramref name="source"/>.</summary>
    public async Task<bool> ReadSourceAsync(Source source, SourceDocument document, string path, CancellationToken cancellationToken)
    {
        var before = _errors.Count;
        if (!ObservatoireCodes.SourceKinds.TryParse(document.Kind, out var kind))
        {
            Error($"{path}.kind", localizer["Type de source inconnu « {0} » : {1}.", document.Kind ?? "", string.Join(", ", ObservatoireCodes.SourceKinds.Select(k => k.Code))]);
        }
        var title = Text(document.Title, $"{path}.title", DossierLimits.SourceTitleLength, required: true, "Donnez le titre de la source.");
        var publisher = Text(document.Publisher, $"{path}.publisher", 200, required: false, null);
        var url = Text(document.Url, $"{path}.url", DossierLimits.UrlLength, required: false, null);
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            Error($"{path}.url", "Adresse web invalide : elle commence par https:// ou http://.");
        }
        var sha256 = await FileReferenceAsync(document.Sha256, $"{path}.sha256", cancellationToken);
        var snapshot = await FileReferenceAsync(document.SnapshotSha256, $"{path}.snapshotSha256", cancellationToken);
        if (url is null && sha256 is null && string.IsNullOrWhiteSpace(document.Sha256))
        {
            Error($"{path}.url", "Une source a une adresse web, un fichier déposé, ou les deux.");
        }
        var publishedOn = Date(document.PublishedOn, $"{path}.publishedOn", required: false);
        var retrievedOn = Date(document.RetrievedOn, $"{path}.retrievedOn", required: false);
        var confidence = Confidence.ToVerify;
        if (document.Confidence is not null && !ObservatoireCodes.Confidences.TryParse(document.Confidence, out confidence))
        {
            Error($"{path}.confidence", localizer["Niveau de confiance inconnu « {0} » : {1}.", document.Confidence, string.Join(", ", ObservatoireCodes.Confidences.Select(c => c.Code))]);
        }
        var supports = DossierFact.None;
        foreach (var fact in document.Facts ?? [])
        {
            if (ObservatoireCodes.Facts.TryParse(fact, out var parsed))
            {
                supports |= parsed;
            }
            else
            {
                Error($"{path}.facts", localizer["Fait inconnu « {0} » : {1}.", fact, string.Join(", ", ObservatoireCodes.Facts.Select(f => f.Code))]);
            }
        }
        if (_errors.Count > before)
        {
            return false;
        }
        source.Kind = kind;
        source.Title = title!;
        source.Publisher = publisher;
        source.Url = url;
        source.FileSha256 = sha256;
        source.SnapshotSha256 = snapshot;
        source.PublishedOn = publishedOn;
        source.RetrievedOn = retrievedOn ?? (source.Id == 0 ? Today : source.RetrievedOn);
        source.Confidence = confidence;
        source.Supports = supports;
        return true;
    }

    /// <summary>Errors of the last check, for callers of <see cref="ReadSourceAsync"/>.</summary>
    public Dictionary<string, string[]> Errors => new(_errors);

    private async Task<string?> FileReferenceAsync(string? sha256, string path, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(sha256))
        {
            return null;
        }
        var hash = sha256.Trim().ToLowerInvariant();
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
        {
            Error(path, "Empreinte invalide : les 64 caractères hexadécimaux du SHA-256 renvoyé par POST /api/v1/files.");
            return null;
        }
        if (!await db.Set<StoredFile>().AnyAsync(f => f.Sha256 == hash, cancellationToken))
        {
            Error(path, "Aucun fichier déposé n'a cette empreinte : déposez-le d'abord (POST /api/v1/files).");
            return null;
        }
        return hash;
    }

    private static DossierFact FactsGiven(DossierDocument input, string summary, Technology technologies, int vendorCount, DateOnly? authorizationIssuedOn, List<string> events, double? latitude)
    {
        var facts = DossierFact.Status;
        facts |= technologies != Technology.None ? DossierFact.Technologies : 0;
        facts |= vendorCount > 0 ? DossierFact.Vendors : 0;
        facts |= input.CameraCount is not null ? DossierFact.CameraCount : 0;
        facts |= input.BudgetEur is not null || input.Funders is { Count: > 0 } ? DossierFact.Budget : 0;
        facts |= authorizationIssuedOn is not null ? DossierFact.Authorization : 0;
        facts |= input.Experimentation is not null || events.Count > 0 ? DossierFact.Experimentation : 0;
        facts |= latitude is not null ? DossierFact.Location : 0;
        facts |= summary.Length > 0 ? DossierFact.Summary : 0;
        return facts;
    }

    /// <summary>Every fact given must be proved by a source (one that names no fact proves them all).</summary>
    private void CheckFactsAreSourced(DossierFact facts, List<Source> sources)
    {
        if (sources.Count == 0 || sources.Any(s => s.Supports == DossierFact.None))
        {
            return;
        }
        var proved = sources.Aggregate(DossierFact.None, (all, s) => all | s.Supports);
        var unproved = facts & ~proved;
        if (unproved != DossierFact.None)
        {
            Error("sources", localizer["Aucune source n'appuie : {0}. Ajoutez une source, ou indiquez les faits qu'une source prouve.",
                string.Join(", ", ObservatoireCodes.Facts.LabelsOf(unproved).Select(label => localizer[label].Value)).ToLower(CultureInfo.CurrentCulture)]);
        }
    }

    private string? Text(string? value, string path, int maxLength, bool required, string? requiredMessage)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null && required)
        {
            Error(path, requiredMessage ?? "Ce champ est obligatoire.");
        }
        if (text is { Length: var length } && length > maxLength)
        {
            Error(path, localizer["{0:N0} caractères au plus ({1:N0} donnés).", maxLength, length]);
            return null;
        }
        return text;
    }

    private DateOnly? Date(string? value, string path, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Error(path, "Indiquez la date (AAAA-MM-JJ).");
            }
            return null;
        }
        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || date.Year < 1990)
        {
            Error(path, localizer["Date invalide « {0} » : AAAA-MM-JJ, par exemple 2024-03-01.", value]);
            return null;
        }
        if (date > Today.AddDays(1))
        {
            Error(path, "Cette date est dans le futur.");
            return null;
        }
        return date;
    }

    private void Error(string path, string message)
    {
        _errors[path] = _errors.TryGetValue(path, out var existing) ? [.. existing, message] : [message];
    }
}
