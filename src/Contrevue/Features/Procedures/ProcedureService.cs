using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Audit;
using System.Globalization;
using Contrevue.Data;
using Contrevue.Features.Collectives;
using Contrevue.Features.Observatoire;
using Contrevue.Infrastructure.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Procedures;

/// <summary>What a procedure form or API body sends; dates as yyyy-MM-dd so that a wrong one gets a French message.</summary>
public sealed record ProcedureInput(
    string? Kind, string? Title, string? AuthorityName, string? DepartementCode, int? DossierId,
    string? Subject, string? StartOn, string? MadadaUrl, int? SeriesId = null);

public sealed record ProcedureEventInput(string? Kind, string? On, string? Note);

/// <summary>A procedure as listed: with its collective's name (never its members).</summary>
public sealed record ProcedureSummary(int Id, int CollectiveId, string CollectiveName, string Kind, string Title, string AuthorityName,
    ProcedureStatus Status, bool IsPublic, DateOnly? StartOn, int? SeriesId);

/// <summary>The answer to reading a procedure: shown, ask to sign in, or (for non-members) as if it did not exist.</summary>
public abstract record ProcedureLookup
{
    public sealed record Visible(Procedure Procedure, string CollectiveName, bool IsMember) : ProcedureLookup;
    public sealed record SignInRequired : ProcedureLookup;
    public sealed record NotFound : ProcedureLookup;
}

public abstract record ProcedureChange
{
    public sealed record Done(Procedure Procedure) : ProcedureChange;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : ProcedureChange;
    /// <summary>No such procedure, or not one of the user's collectives: the same answer, so as not to reveal it.</summary>
    public sealed record NotFound : ProcedureChange;
}

/// <summary>
/// Procedures of collectives. Every read of a private procedure and every write checks that the user is a
/// member of its collective. Admins get no exception: a collective's legal work is its own (privacy first),
/// an admin who must see it is added to the collective, which its members see.
/// </summary>
public sealed class ProcedureService(ContrevueDbContext db, CollectiveDirectory collectives, AuditLog audit, TimeProvider time, SourceFileStore files, DossierLookup dossiers, IStringLocalizer<SharedResource> text)
{
    public const int MaxDocumentBytes = 20 * 1024 * 1024;
    public const int MaxSubjectLength = 10_000;
    public const int MaxNoteLength = 2000;
    public const string MadadaPrefix = "https://madada.fr/";

    public Task<bool> IsMemberAsync(string? userId, int collectiveId, CancellationToken cancellationToken) =>
        collectives.IsMemberAsync(userId, collectiveId, cancellationToken);

    public Task<List<(int Id, string Name)>> MyCollectivesAsync(string userId, CancellationToken cancellationToken) =>
        collectives.OfMemberAsync(userId, cancellationToken);

    public async Task<List<ProcedureSummary>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        var mine = (await collectives.OfMemberAsync(userId, cancellationToken)).ToDictionary(c => c.Id, c => c.Name);
        var ids = mine.Keys.ToList();
        var rows = await db.Set<Procedure>().AsNoTracking().Where(p => ids.Contains(p.CollectiveId)).ToListAsync(cancellationToken);
        return [.. rows
            .OrderBy(p => p.Status).ThenByDescending(p => p.UpdatedAt).ThenByDescending(p => p.Id)
            .Select(p => new ProcedureSummary(p.Id, p.CollectiveId, mine[p.CollectiveId], p.Kind, p.Title, p.AuthorityName, p.Status, p.IsPublic, p.StartOn, p.SeriesId))];
    }

    /// <summary>Anonymous visitors are asked to sign in for anything not public (existing or not); signed-in non-members get "not found".</summary>
    public async Task<ProcedureLookup> ReadAsync(int id, string? userId, CancellationToken cancellationToken)
    {
        var procedure = await db.Set<Procedure>().AsNoTracking().AsSplitQuery()
            .Include(p => p.Events).Include(p => p.Documents)
            .FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        var isMember = procedure is not null && await IsMemberAsync(userId, procedure.CollectiveId, cancellationToken);
        if (procedure is null || (!procedure.IsPublic && !isMember))
        {
            return userId is null ? new ProcedureLookup.SignInRequired() : new ProcedureLookup.NotFound();
        }
        Sort(procedure);
        var name = await collectives.NameAsync(procedure.CollectiveId, cancellationToken);
        return new ProcedureLookup.Visible(procedure, name, isMember);
    }

    public Task<string> CollectiveNameAsync(int collectiveId, CancellationToken cancellationToken) =>
        collectives.NameAsync(collectiveId, cancellationToken);

    public Task<List<ProcedureSeries>> SeriesOfAsync(int collectiveId, CancellationToken cancellationToken) =>
        db.Set<ProcedureSeries>().AsNoTracking().Where(s => s.CollectiveId == collectiveId).OrderBy(s => s.Title).ToListAsync(cancellationToken);

    /// <summary>A series and its procedures, for members of its collective only.</summary>
    public async Task<(ProcedureSeries Series, List<Procedure> Procedures)?> ReadSeriesAsync(int id, string userId, CancellationToken cancellationToken)
    {
        var series = await db.Set<ProcedureSeries>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (series is null || !await IsMemberAsync(userId, series.CollectiveId, cancellationToken))
        {
            return null;
        }
        var procedures = await db.Set<Procedure>().AsNoTracking().Where(p => p.SeriesId == id).OrderBy(p => p.AuthorityName).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        return (series, procedures);
    }

    public async Task<List<int>> NextIdsAsync(int id, CancellationToken cancellationToken) =>
        await db.Set<Procedure>().AsNoTracking().Where(p => p.PreviousProcedureId == id).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(cancellationToken);

    public async Task<ProcedureChange> CreateAsync(string userId, int collectiveId, ProcedureInput input, CancellationToken cancellationToken)
    {
        if (!await IsMemberAsync(userId, collectiveId, cancellationToken))
        {
            return new ProcedureChange.NotFound();
        }
        var now = time.GetUtcNow().UtcDateTime;
        var procedure = new Procedure { CollectiveId = collectiveId, Kind = "", Title = "", AuthorityName = "", CreatedByUserId = userId, CreatedAt = now, UpdatedAt = now };
        var errors = await ApplyAsync(procedure, input, cancellationToken);
        if (errors.Count > 0)
        {
            return new ProcedureChange.Invalid(errors);
        }
        db.Add(procedure);
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(userId, "procedure.create", $"procedure:{procedure.Id}", procedure.Kind);
        await db.SaveChangesAsync(cancellationToken);
        return new ProcedureChange.Done(procedure);
    }

    public Task<ProcedureChange> UpdateAsync(string userId, int id, ProcedureInput input, CancellationToken cancellationToken) =>
        WriteAsync(userId, id, "procedure.update", async procedure => await ApplyAsync(procedure, input, cancellationToken), cancellationToken);

    public Task<ProcedureChange> AddEventAsync(string userId, int id, ProcedureEventInput input, CancellationToken cancellationToken) =>
        WriteAsync(userId, id, "procedure.event.add", procedure =>
        {
            var errors = new Dictionary<string, string[]>();
            var kind = input.Kind?.Trim() ?? "";
            if (!ProcedureCodes.EventKinds.ContainsKey(kind))
            {
                errors["kind"] = [text["Choisissez le type d'évènement parmi : {0}.", string.Join(", ", ProcedureCodes.EventKinds.Values.Select(label => text[label].Value))]];
            }
            var on = ParseDate(input.On, "on", text["La date de l'évènement"], required: true, errors);
            var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
            if (note is { Length: > MaxNoteLength })
            {
                errors["note"] = [text["La note ne peut pas dépasser {0} caractères.", MaxNoteLength]];
            }
            if (errors.Count == 0)
            {
                procedure.Events.Add(new ProcedureEvent { Kind = kind, On = on!.Value, Note = note });
                ApplyEvent(procedure, kind, on.Value);
            }
            return Task.FromResult(errors);
        }, cancellationToken);

    /// <summary>
    /// Dates as they happen move the procedure on: once sent it runs, and the date the deadlines run
    /// from is the one the law names — the administration's receipt of a request or a recours, the
    /// CADA's registration of a referral, the notification of a decision — unless a member set it.
    /// </summary>
    private static void ApplyEvent(Procedure procedure, string kind, DateOnly on)
    {
        if (kind == "sent" && procedure.Status == ProcedureStatus.Draft)
        {
            procedure.Status = ProcedureStatus.Running;
        }
        var startsDeadlines = procedure.Kind switch
        {
            "cada-referral" => kind == "registered",
            "cnil-complaint" => kind == "sent",
            // A decision runs from its notification or publication: the member sets that date.
            "decision" => false,
            _ => kind == "received",
        };
        if (startsDeadlines && procedure.StartOn is null)
        {
            procedure.StartOn = on;
            if (procedure.Status == ProcedureStatus.Draft)
            {
                procedure.Status = ProcedureStatus.Running;
            }
        }
    }

    public Task<ProcedureChange> RemoveEventAsync(string userId, int id, int eventId, CancellationToken cancellationToken) =>
        WriteAsync(userId, id, "procedure.event.remove", procedure =>
        {
            var errors = new Dictionary<string, string[]>();
            if (procedure.Events.FirstOrDefault(e => e.Id == eventId) is { } found)
            {
                procedure.Events.Remove(found);
            }
            else
            {
                errors["eventId"] = ["Cet évènement n'existe pas ou plus."];
            }
            return Task.FromResult(errors);
        }, cancellationToken);

    /// <summary>Stored with the observatoire's rules (type recognised by content, metadata stripped), capped at 20 Mio.</summary>
    public Task<ProcedureChange> AddDocumentAsync(string userId, int id, string? title, bool received, string? on,
        Stream content, string? fileName, long? length, CancellationToken cancellationToken) =>
        WriteAsync(userId, id, "procedure.document.add", async procedure =>
        {
            var errors = new Dictionary<string, string[]>();
            title = title?.Trim();
            if (string.IsNullOrEmpty(title) || title.Length > 300)
            {
                errors["title"] = ["Donnez un titre au document (300 caractères au plus)."];
            }
            var date = ParseDate(on, "on", text["La date du document"], required: false, errors);
            if (length > MaxDocumentBytes)
            {
                errors["file"] = [text[SourceFileStore.TooLargeMessage, SourceFileStore.FormatSize(MaxDocumentBytes)]];
            }
            if (errors.Count > 0)
            {
                return errors;
            }
            var stored = await files.StoreAsync(content, fileName, length, cancellationToken);
            if (stored.File is not { } file)
            {
                errors["file"] = [stored.Error ?? "Fichier refusé."];
                return errors;
            }
            if (file.Length > MaxDocumentBytes)
            {
                errors["file"] = [text[SourceFileStore.TooLargeMessage, SourceFileStore.FormatSize(MaxDocumentBytes)]];
                return errors;
            }
            procedure.Documents.Add(new ProcedureDocument { Title = title!, FileSha256 = file.Sha256, Received = received, On = date });
            return errors;
        }, cancellationToken);

    public Task<ProcedureChange> RemoveDocumentAsync(string userId, int id, int documentId, CancellationToken cancellationToken) =>
        WriteAsync(userId, id, "procedure.document.remove", procedure =>
        {
            var errors = new Dictionary<string, string[]>();
            if (procedure.Documents.FirstOrDefault(d => d.Id == documentId) is { } found)
            {
                procedure.Documents.Remove(found);
            }
            else
            {
                errors["documentId"] = ["Ce document n'existe pas ou plus."];
            }
            return Task.FromResult(errors);
        }, cancellationToken);

    public Task<ProcedureChange> SetStatusAsync(string userId, int id, string? status, CancellationToken cancellationToken) =>
        WriteAsync(userId, id, "procedure.status", procedure =>
        {
            var errors = new Dictionary<string, string[]>();
            if (ProcedureCodes.TryParseStatus(status, out var value))
            {
                procedure.Status = value;
            }
            else
            {
                errors["status"] = [text["Statut inconnu : choisissez parmi {0}.", string.Join(", ", ProcedureCodes.StatusCodes.Values)]];
            }
            return Task.FromResult(errors);
        }, cancellationToken);

    public Task<ProcedureChange> SetPublicAsync(string userId, int id, bool isPublic, CancellationToken cancellationToken) =>
        WriteAsync(userId, id, isPublic ? "procedure.publish" : "procedure.unpublish", procedure =>
        {
            procedure.IsPublic = isPublic;
            return Task.FromResult(new Dictionary<string, string[]>());
        }, cancellationToken);

    /// <summary>
    /// Creates the next step (see <see cref="ProcedureCodes.NextKinds"/>) with what is known pre-filled, and marks
    /// this one as continued. The date the new deadlines run from is the best one known:
    /// <list type="bullet">
    /// <item>a CADA referral: none, the CADA registers it later (its "registered" event gives the date);</item>
    /// <item>a court appeal after a CADA referral: the date of the CADA's opinion, else none (the implicit
    /// refusal then follows the registration);</item>
    /// <item>a court appeal after a recours gracieux: the date of the answer or refusal, else none (implicit rejection).</item>
    /// </list>
    /// The documents exchanged are carried over: the referral or the court needs the request and its receipt.
    /// </summary>
    public async Task<ProcedureChange> ContinueAsync(string userId, int id, string? nextKind, CancellationToken cancellationToken)
    {
        var previous = await db.Set<Procedure>().AsSplitQuery().Include(p => p.Events).Include(p => p.Documents).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (previous is null || !await IsMemberAsync(userId, previous.CollectiveId, cancellationToken))
        {
            return new ProcedureChange.NotFound();
        }
        var allowed = ProcedureCodes.NextKinds.GetValueOrDefault(previous.Kind, []);
        nextKind = string.IsNullOrWhiteSpace(nextKind) ? allowed.FirstOrDefault() : nextKind.Trim();
        if (nextKind is null || !allowed.Contains(nextKind))
        {
            return new ProcedureChange.Invalid(new() { ["kind"] = [allowed.Length == 0
                ? text["Une procédure « {0} » n'a pas d'étape suivante ici.", text[ProcedureCodes.KindLabel(previous.Kind)]]
                : text["Une procédure « {0} » se poursuit par : {1}.", text[ProcedureCodes.KindLabel(previous.Kind)], string.Join(", ", allowed.Select(kind => text[ProcedureCodes.KindLabel(kind)].Value))]] });
        }
        var now = time.GetUtcNow().UtcDateTime;
        var next = new Procedure
        {
            CollectiveId = previous.CollectiveId,
            Kind = nextKind,
            Title = Truncate(TitleOf(nextKind, previous), 200),
            AuthorityName = previous.AuthorityName,
            DepartementCode = previous.DepartementCode,
            DossierId = previous.DossierId,
            SeriesId = previous.SeriesId,
            Subject = Truncate(SubjectOf(nextKind, previous), MaxSubjectLength),
            StartOn = StartOf(nextKind, previous),
            Status = ProcedureStatus.Draft,
            PreviousProcedureId = previous.Id,
            CreatedByUserId = userId,
            CreatedAt = now,
            UpdatedAt = now,
            Documents = [.. previous.Documents.Select(d => new ProcedureDocument { Title = d.Title, FileSha256 = d.FileSha256, Received = d.Received, On = d.On })],
        };
        previous.Status = ProcedureStatus.Continued;
        previous.UpdatedAt = now;
        db.Add(next);
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(userId, "procedure.continue", $"procedure:{previous.Id}", $"procedure:{next.Id} {next.Kind}");
        await db.SaveChangesAsync(cancellationToken);
        return new ProcedureChange.Done(next);
    }

    public async Task<(ProcedureSeries? Series, Dictionary<string, string[]> Errors)> CreateSeriesAsync(
        string userId, int collectiveId, string? title, CancellationToken cancellationToken)
    {
        if (!await IsMemberAsync(userId, collectiveId, cancellationToken))
        {
            return (null, new() { ["collectiveId"] = ["Vous n'êtes pas membre de ce collectif."] });
        }
        title = title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length < 3 || title.Length > 200)
        {
            return (null, new() { ["title"] = ["Le titre de la série doit faire entre 3 et 200 caractères."] });
        }
        var series = new ProcedureSeries { CollectiveId = collectiveId, Title = title, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.Add(series);
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(userId, "procedure.series.create", $"procedure-series:{series.Id}");
        await db.SaveChangesAsync(cancellationToken);
        return (series, []);
    }

    public Task<ProcedureChange> AssignSeriesAsync(string userId, int id, int? seriesId, CancellationToken cancellationToken) =>
        WriteAsync(userId, id, "procedure.series.assign", async procedure =>
        {
            var errors = new Dictionary<string, string[]>();
            if (await CheckSeriesAsync(procedure.CollectiveId, seriesId, errors, cancellationToken))
            {
                procedure.SeriesId = seriesId;
            }
            return errors;
        }, cancellationToken);

    public static void Sort(Procedure procedure)
    {
        procedure.Events = [.. procedure.Events.OrderBy(e => e.On).ThenBy(e => e.Id)];
        procedure.Documents = [.. procedure.Documents.OrderBy(d => d.On ?? DateOnly.MaxValue).ThenBy(d => d.Id)];
    }

    private async Task<ProcedureChange> WriteAsync(string userId, int id, string action,
        Func<Procedure, Task<Dictionary<string, string[]>>> change, CancellationToken cancellationToken)
    {
        var procedure = await db.Set<Procedure>().AsSplitQuery().Include(p => p.Events).Include(p => p.Documents).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (procedure is null || !await IsMemberAsync(userId, procedure.CollectiveId, cancellationToken))
        {
            return new ProcedureChange.NotFound();
        }
        var errors = await change(procedure);
        if (errors.Count > 0)
        {
            return new ProcedureChange.Invalid(errors);
        }
        procedure.UpdatedAt = time.GetUtcNow().UtcDateTime;
        audit.Record(userId, action, $"procedure:{procedure.Id}");
        await db.SaveChangesAsync(cancellationToken);
        Sort(procedure);
        return new ProcedureChange.Done(procedure);
    }

    private async Task<Dictionary<string, string[]>> ApplyAsync(Procedure procedure, ProcedureInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var kind = input.Kind?.Trim() ?? "";
        if (!ProcedureCodes.Kinds.ContainsKey(kind))
        {
            errors["kind"] = [text["Choisissez le type de procédure parmi : {0}.", string.Join(", ", ProcedureCodes.Kinds.Values.Select(label => text[label].Value))]];
        }
        var title = input.Title?.Trim() ?? "";
        if (title.Length is < 3 or > 200)
        {
            errors["title"] = ["Le titre doit faire entre 3 et 200 caractères."];
        }
        var authority = input.AuthorityName?.Trim() ?? "";
        if (authority.Length is < 2 or > 200)
        {
            errors["authorityName"] = ["Le nom de l'administration doit faire entre 2 et 200 caractères."];
        }
        var departement = string.IsNullOrWhiteSpace(input.DepartementCode) ? null : input.DepartementCode.Trim().ToUpperInvariant();
        if (departement is not null && (departement.Length > 3 || !await db.Set<Departement>().AnyAsync(d => d.Code == departement, cancellationToken)))
        {
            errors["departementCode"] = [text["Département inconnu : {0} (un code comme 42, 2A ou 974).", departement]];
        }
        if (input.DossierId is { } dossierId && !await dossiers.ExistsAsync(dossierId, cancellationToken))
        {
            errors["dossierId"] = [text["Aucun dossier de l'observatoire ne porte le numéro {0}.", dossierId]];
        }
        var subject = input.Subject?.Trim() ?? "";
        if (subject.Length > MaxSubjectLength)
        {
            errors["subject"] = [text["L'objet ne peut pas dépasser {0} caractères.", MaxSubjectLength]];
        }
        var startOn = ParseDate(input.StartOn, "startOn", text["La date de départ des délais"], required: false, errors);
        var madada = string.IsNullOrWhiteSpace(input.MadadaUrl) ? null : input.MadadaUrl.Trim();
        if (madada is not null && (madada.Length > 500 || !madada.StartsWith(MadadaPrefix, StringComparison.OrdinalIgnoreCase)
            || !Uri.TryCreate(madada, UriKind.Absolute, out _)))
        {
            errors["madadaUrl"] = ["Le lien vers madada.fr doit commencer par https://madada.fr/ (500 caractères au plus)."];
        }
        await CheckSeriesAsync(procedure.CollectiveId, input.SeriesId, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return errors;
        }
        procedure.Kind = kind;
        procedure.Title = title;
        procedure.AuthorityName = authority;
        procedure.DepartementCode = departement;
        procedure.DossierId = input.DossierId;
        procedure.Subject = subject;
        procedure.StartOn = startOn;
        procedure.MadadaUrl = madada;
        procedure.SeriesId = input.SeriesId;
        return errors;
    }

    private async Task<bool> CheckSeriesAsync(int collectiveId, int? seriesId, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (seriesId is { } value && !await db.Set<ProcedureSeries>().AnyAsync(s => s.Id == value && s.CollectiveId == collectiveId, cancellationToken))
        {
            errors["seriesId"] = ["Cette série n'existe pas dans ce collectif."];
            return false;
        }
        return true;
    }

    /// <summary>A date of the procedure's life: yyyy-MM-dd, from 1990, not in the future.</summary>
    private DateOnly? ParseDate(string? value, string field, string label, bool required, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors[field] = [text["{0} est requise.", label]];
            }
            return null;
        }
        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors[field] = [text["{0} doit être une date valide (AAAA-MM-JJ).", label]];
            return null;
        }
        var today = Infrastructure.Time.ParisCalendar.Today(time);
        if (date > today)
        {
            errors[field] = [text["{0} ne peut pas être dans le futur.", label]];
            return null;
        }
        if (date.Year < 1990)
        {
            errors[field] = [text["{0} ne peut pas être antérieure à 1990.", label]];
            return null;
        }
        return date;
    }

    private static string TitleOf(string nextKind, Procedure previous) => nextKind switch
    {
        ProcedureCodes.CadaReferral => $"Saisine de la CADA : {previous.Title}",
        ProcedureCodes.Decision => $"Recours au tribunal administratif : {previous.Title}",
        _ => previous.Title,
    };

    private static string SubjectOf(string nextKind, Procedure previous)
    {
        var sent = previous.Events.Where(e => e.Kind == "sent").Select(e => (DateOnly?)e.On).Min();
        var since = sent is { } date ? $" (demande envoyée le {date.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("fr-FR"))})" : "";
        return (nextKind, previous.Kind) switch
        {
            (ProcedureCodes.CadaReferral, ProcedureCodes.CadaExplicitRefusal) =>
                $"Saisine de la CADA suite au refus explicite de {previous.AuthorityName} de communiquer les documents suivants{since} :\n{previous.Subject}",
            (ProcedureCodes.CadaReferral, _) =>
                $"Saisine de la CADA suite au refus implicite de {previous.AuthorityName} de communiquer les documents suivants{since} :\n{previous.Subject}",
            (ProcedureCodes.Decision, ProcedureCodes.CadaReferral) =>
                $"Recours contre le refus de {previous.AuthorityName} de communiquer les documents suivants, après la saisine de la CADA :\n{previous.Subject}",
            (ProcedureCodes.Decision, _) =>
                $"Recours contre la décision de {previous.AuthorityName}, après le recours administratif :\n{previous.Subject}",
            _ => previous.Subject,
        };
    }

    private static DateOnly? StartOf(string nextKind, Procedure previous) => (nextKind, previous.Kind) switch
    {
        (ProcedureCodes.Decision, ProcedureCodes.CadaReferral) => LastOn(previous, "opinion"),
        (ProcedureCodes.Decision, _) => LastOn(previous, "answered", "refused"),
        _ => null,
    };

    private static DateOnly? LastOn(Procedure procedure, params string[] kinds) =>
        procedure.Events.Where(e => kinds.Contains(e.Kind)).Select(e => (DateOnly?)e.On).Max();

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
