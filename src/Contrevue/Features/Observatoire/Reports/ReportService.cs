using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.History;
using Contrevue.Infrastructure.Audit;
using Contrevue.Data;
using Contrevue.Features.Moderation;
using Contrevue.Infrastructure.Abuse;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Reports;

/// <summary>What a report is about: a dossier, or one source of a dossier.</summary>
public sealed record ReportTarget(ReportTargetKind Kind, int Id, int DossierId, string DossierTitle, string DossierPath, string? SourceTitle, bool Hidden, bool DossierHidden)
{
    public string Code => ReportTargets.Code(Kind);
    public string Title => SourceTitle ?? DossierTitle;
    /// <summary>The page that shows it (moderators see hidden dossiers and sources there).</summary>
    public string Path => Kind == ReportTargetKind.Source ? $"{DossierPath}#source-{Id}" : DossierPath;
    /// <summary>What the public sees: a source of a hidden dossier is hidden with it.</summary>
    public bool PubliclyVisible => !Hidden && !DossierHidden;
}

/// <summary>A target waiting for a moderator: reports pending, or hidden (then it may be restored at any time).</summary>
public sealed record ReportedTarget(ReportTarget Target, DateTime? HiddenAt, IReadOnlyList<Report> Pending);

public abstract record ReportOutcome
{
    public sealed record Received(bool Hidden) : ReportOutcome;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : ReportOutcome;
    /// <summary>Unknown, or already hidden: nothing the public can report.</summary>
    public sealed record Unavailable(string Title, string Detail) : ReportOutcome;
}

public abstract record ReportDecision
{
    public sealed record Done(ReportTarget Target, bool Hidden, int? RevisionId, int ReportsDecided) : ReportDecision;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : ReportDecision;
    public sealed record NotFound : ReportDecision;
    public sealed record NothingToDecide(string Detail) : ReportDecision;
}

public static class ReportTargets
{
    public static string Code(ReportTargetKind kind) => kind == ReportTargetKind.Source ? "source" : "dossier";

    public static bool TryParse(string? code, out ReportTargetKind kind)
    {
        switch (code?.Trim().ToLowerInvariant())
        {
            case "dossier":
                kind = ReportTargetKind.Dossier;
                return true;
            case "source":
                kind = ReportTargetKind.Source;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}

/// <summary>
/// Reports from anyone, without an account and without keeping who sent them, and the moderators'
/// decisions. Enough pending reports hide a dossier or a source at once, before any moderator looks:
/// being wrongly hidden for a while costs less than leaving personal data or a defamation online.
/// Every hiding and restoring is a revision of the dossier (its public history) and an audit entry.
/// </summary>
/// <remarks>
/// Enough means <see cref="ReportsToHide"/> clients within <see cref="ClientWindow"/>: a report keeps
/// a keyed hash of its client (<see cref="ClientHasher"/>) for that long, and a client that already
/// reported the item within the window, pending or decided, is not counted again (its report is not
/// even kept). So one client cannot hide anything alone, and a moderator's restoring is not undone
/// by the clients whose reports it dismissed.
/// </remarks>
public sealed class ReportService(
    ContrevueDbContext db, DossierService dossiers, AuditLog audit, TimeProvider time, IOptionsMonitor<ObservatoireOptions> options,
    ClientHasher clients, IStringLocalizer<SharedResource> text)
{
    public const int MaxCommentLength = DossierLimits.ReportCommentLength;
    public const int MaxReasonLength = 1000;

    public int ReportsToHide => Math.Max(1, options.CurrentValue.ReportsToHide);

    /// <summary>The window within which reports count toward hiding, and one client counts once.</summary>
    public TimeSpan ClientWindow => clients.Retention;

    public async Task<ReportTarget?> FindTargetAsync(ReportTargetKind kind, int id, CancellationToken cancellationToken)
    {
        if (kind == ReportTargetKind.Dossier)
        {
            return await db.Set<Dossier>().AsNoTracking().Where(d => d.Id == id)
                .Select(d => new ReportTarget(kind, d.Id, d.Id, d.Title, "/observatoire/dossiers/" + d.Id + "-" + d.Slug, null, d.IsHidden, d.IsHidden))
                .FirstOrDefaultAsync(cancellationToken);
        }
        return await db.Set<Source>().AsNoTracking().Where(s => s.Id == id)
            .Join(db.Set<Dossier>(), s => s.DossierId, d => d.Id, (s, d) =>
                new ReportTarget(kind, s.Id, d.Id, d.Title, "/observatoire/dossiers/" + d.Id + "-" + d.Slug, s.Title, s.IsHidden, d.IsHidden))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Why the public cannot report this target, or null when it can.</summary>
    public static ReportOutcome.Unavailable? Unavailability(ReportTargetKind kind, int id, ReportTarget? target, IStringLocalizer text) => (kind, target) switch
    {
        (ReportTargetKind.Dossier, null) => new(text["Dossier introuvable"], text["Aucun dossier #{0}.", id]),
        (ReportTargetKind.Source, null) => new(text["Source introuvable"], text["Aucune source #{0}.", id]),
        (ReportTargetKind.Dossier, { PubliclyVisible: false }) => new(text["Dossier masqué"],
            text["Le dossier #{0} a déjà été signalé et reste masqué en attendant la décision d'un modérateur.", id]),
        (ReportTargetKind.Source, { Hidden: true }) => new(text["Source masquée"],
            text["La source #{0} a déjà été signalée et reste masquée en attendant la décision d'un modérateur.", id]),
        (ReportTargetKind.Source, { DossierHidden: true }) => new(text["Dossier masqué"],
            text["Le dossier de cette source a été signalé et reste masqué en attendant la décision d'un modérateur."]),
        _ => null,
    };

    /// <summary>
    /// Records a report (of its sender, only a keyed hash of <paramref name="client"/>, for the window);
    /// hides the target when it reaches the threshold.
    /// </summary>
    public async Task<ReportOutcome> ReportAsync(
        ReportTargetKind kind, int targetId, string? reasonCode, string? comment, string client, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var reason = ReportReason.Other;
        if (string.IsNullOrWhiteSpace(reasonCode))
        {
            errors["reason"] = [text["Indiquez la raison du signalement : {0}.", ReasonCodes]];
        }
        else if (!ObservatoireCodes.ReportReasons.TryParse(reasonCode, out reason))
        {
            errors["reason"] = [text["Raison inconnue « {0} » : {1}.", reasonCode, ReasonCodes]];
        }
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is { Length: > MaxCommentLength })
        {
            errors["comment"] = [text["Le commentaire fait {0} caractères au plus.", MaxCommentLength]];
        }
        else if (comment is null && reason == ReportReason.Other && !errors.ContainsKey("reason"))
        {
            errors["comment"] = ["Pour « Autre raison », expliquez le problème dans le commentaire."];
        }
        if (errors.Count > 0)
        {
            return new ReportOutcome.Invalid(errors);
        }

        // Reports on one target one at a time: two at the threshold must not both hide it (two identical
        // revisions), nor one client's simultaneous reports both count.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockTargetAsync(kind, targetId, cancellationToken);
        var target = await FindTargetAsync(kind, targetId, cancellationToken);
        if (Unavailability(kind, targetId, target, text) is { } unavailable)
        {
            return unavailable;
        }
        var subject = Key(kind, targetId);
        var hashes = clients.Candidates(client, subject);
        if (await db.Set<Report>().AnyAsync(r => r.TargetKind == kind && r.TargetId == targetId
            && r.ClientHash != null && hashes.Contains(r.ClientHash), cancellationToken))
        {
            // This client already reported it within the window, before or after a moderator's decision:
            // it counts once, and its repeats are not kept either. Answered as any report, so that a
            // client cannot tell whether it is recognised.
            return new ReportOutcome.Received(Hidden: false);
        }
        var now = time.GetUtcNow().UtcDateTime;
        db.Add(new Report
        {
            TargetKind = kind, TargetId = targetId, Reason = reason, Comment = comment, CreatedAt = now, Status = ReportStatus.Pending,
            ClientHash = clients.Hash(client, subject),
        });
        var windowStart = now - ClientWindow;
        var pending = 1 + await PendingOf(kind, targetId).CountAsync(r => r.CreatedAt > windowStart, cancellationToken);
        var hide = pending >= ReportsToHide;
        if (hide)
        {
            await dossiers.SetHiddenAsync(kind, targetId, hidden: true, authorUserId: null, $"Masqué après {pending} signalements", cancellationToken);
            audit.Record(null, "report.hide", Key(kind, targetId), $"{pending} signalements");
        }
        // One save: the report and the hiding it triggers stand or fall together.
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (hide)
        {
            await dossiers.PublishedAsync(cancellationToken);
        }
        return new ReportOutcome.Received(hide);
    }

    /// <summary>Erases the client hashes whose window has passed; the reports stay, for the moderators.</summary>
    public Task<int> ForgetClientsAsync(DateTime now, CancellationToken cancellationToken)
    {
        var windowStart = now - ClientWindow;
        return db.Set<Report>().Where(r => r.ClientHash != null && r.CreatedAt <= windowStart)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.ClientHash, (string?)null), cancellationToken);
    }

    /// <summary>Hidden targets and targets with pending reports, the oldest report first.</summary>
    public async Task<List<ReportedTarget>> QueueAsync(CancellationToken cancellationToken)
    {
        var pending = await db.Set<Report>().AsNoTracking().Where(r => r.Status == ReportStatus.Pending)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take(2000).ToListAsync(cancellationToken);
        var hiddenDossiers = await db.Set<Dossier>().AsNoTracking().Where(d => d.IsHidden)
            .OrderBy(d => d.HiddenAt).Select(d => new { d.Id, d.HiddenAt }).Take(500).ToListAsync(cancellationToken);
        var hiddenSources = await db.Set<Source>().AsNoTracking().Where(s => s.IsHidden)
            .OrderBy(s => s.HiddenAt).Select(s => new { s.Id, s.HiddenAt }).Take(500).ToListAsync(cancellationToken);

        var keys = pending.Select(r => (r.TargetKind, r.TargetId))
            .Concat(hiddenDossiers.Select(d => (ReportTargetKind.Dossier, d.Id)))
            .Concat(hiddenSources.Select(s => (ReportTargetKind.Source, s.Id)))
            .Distinct();
        var queue = new List<ReportedTarget>();
        foreach (var (kind, id) in keys)
        {
            if (await FindTargetAsync(kind, id, cancellationToken) is not { } target)
            {
                // Reports outlive what they were about (a source removed by an edit): nothing left to decide.
                continue;
            }
            var hiddenAt = kind == ReportTargetKind.Dossier
                ? hiddenDossiers.FirstOrDefault(d => d.Id == id)?.HiddenAt
                : hiddenSources.FirstOrDefault(s => s.Id == id)?.HiddenAt;
            queue.Add(new ReportedTarget(target, hiddenAt, [.. pending.Where(r => r.TargetKind == kind && r.TargetId == id)]));
        }
        return [.. queue.OrderByDescending(t => t.Pending.Count > 0).ThenBy(t => t.Pending.Count > 0 ? t.Pending[0].CreatedAt : t.HiddenAt)];
    }

    /// <summary>
    /// The moderator disagrees with the reports: a hidden target is shown again, and its pending reports
    /// are dismissed (a visible one only has its reports dismissed). A reason is required: it is public.
    /// </summary>
    public async Task<ReportDecision> RestoreAsync(ReportTargetKind kind, int targetId, string moderatorId, string? reason, CancellationToken cancellationToken)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return new ReportDecision.Invalid(new() { ["reason"] = [text["Indiquez pourquoi vous rétablissez ({0} caractères au plus) : la raison figure dans l'historique public du dossier.", MaxReasonLength]] });
        }
        var target = await FindTargetAsync(kind, targetId, cancellationToken);
        if (target is null)
        {
            return new ReportDecision.NotFound();
        }
        var pending = await PendingOf(kind, targetId).ToListAsync(cancellationToken);
        if (!target.Hidden && pending.Count == 0)
        {
            return new ReportDecision.NothingToDecide("Ni masqué ni signalé : rien à rétablir.");
        }
        Revision? revision = null;
        if (target.Hidden)
        {
            revision = await dossiers.SetHiddenAsync(kind, targetId, hidden: false, moderatorId, $"Rétabli par la modération : {reason}", cancellationToken);
        }
        Decide(pending, ReportStatus.Dismissed, moderatorId);
        audit.Record(moderatorId, target.Hidden ? "report.restore" : "report.dismiss", Key(kind, targetId), $"{pending.Count} signalement(s) rejeté(s) : {reason}");
        await db.SaveChangesAsync(cancellationToken);
        await dossiers.PublishedAsync(cancellationToken);
        return new ReportDecision.Done(target, Hidden: false, revision?.Id, pending.Count);
    }

    /// <summary>
    /// The moderator agrees with the reports: the target stays hidden (or is hidden now: a moderator may
    /// hide directly), and its pending reports are upheld. The decision is a revision of the dossier
    /// even when nothing changes, so that its history says a moderator confirmed it.
    /// </summary>
    public async Task<ReportDecision> UpholdAsync(ReportTargetKind kind, int targetId, string moderatorId, string? reason, CancellationToken cancellationToken)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is { Length: > MaxReasonLength })
        {
            return new ReportDecision.Invalid(new() { ["reason"] = [text["{0} caractères au plus.", MaxReasonLength]] });
        }
        var target = await FindTargetAsync(kind, targetId, cancellationToken);
        if (target is null)
        {
            return new ReportDecision.NotFound();
        }
        var pending = await PendingOf(kind, targetId).ToListAsync(cancellationToken);
        if (target.Hidden && pending.Count == 0)
        {
            return new ReportDecision.NothingToDecide("Déjà masqué, sans signalement en attente : rien à confirmer.");
        }
        var wording = target.Hidden ? "Masquage confirmé par la modération" : "Masqué par la modération";
        var hiddenSince = await HiddenAtAsync(kind, targetId, cancellationToken);
        var revision = await dossiers.SetHiddenAsync(kind, targetId, hidden: true, moderatorId, reason is null ? wording : $"{wording} : {reason}", cancellationToken);
        if (target.Hidden)
        {
            await KeepHiddenSinceAsync(kind, targetId, hiddenSince, cancellationToken);
        }
        Decide(pending, ReportStatus.Upheld, moderatorId);
        audit.Record(moderatorId, target.Hidden ? "report.uphold" : "report.hide", Key(kind, targetId), $"{pending.Count} signalement(s) retenu(s){(reason is null ? "" : " : " + reason)}");
        await db.SaveChangesAsync(cancellationToken);
        await dossiers.PublishedAsync(cancellationToken);
        return new ReportDecision.Done(target, Hidden: true, revision?.Id, pending.Count);
    }

    private static string ReasonCodes => string.Join(", ", ObservatoireCodes.ReportReasons.Select(r => r.Code));

    private static string Key(ReportTargetKind kind, int id) => $"{ReportTargets.Code(kind)}:{id}";

    /// <summary>
    /// On PostgreSQL, the target's row is locked until the transaction ends; SQLite's transactions take
    /// the database's write lock as they begin (BEGIN IMMEDIATE), which serialises them already.
    /// </summary>
    private async Task LockTargetAsync(ReportTargetKind kind, int id, CancellationToken cancellationToken)
    {
        if (db.ProviderOf() != DatabaseProvider.Postgres)
        {
            return;
        }
        var locked = kind == ReportTargetKind.Dossier
            ? db.Database.SqlQuery<int>($"SELECT \"Id\" AS \"Value\" FROM dossiers WHERE \"Id\" = {id} FOR UPDATE")
            : db.Database.SqlQuery<int>($"SELECT \"Id\" AS \"Value\" FROM sources WHERE \"Id\" = {id} FOR UPDATE");
        await locked.ToListAsync(cancellationToken);
    }

    private IQueryable<Report> PendingOf(ReportTargetKind kind, int targetId) =>
        db.Set<Report>().Where(r => r.TargetKind == kind && r.TargetId == targetId && r.Status == ReportStatus.Pending);

    private void Decide(List<Report> reports, ReportStatus status, string moderatorId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var report in reports)
        {
            report.Status = status;
            report.DecidedAt = now;
            report.DecidedByUserId = moderatorId;
        }
    }

    private Task<DateTime?> HiddenAtAsync(ReportTargetKind kind, int id, CancellationToken cancellationToken) => kind == ReportTargetKind.Dossier
        ? db.Set<Dossier>().AsNoTracking().Where(d => d.Id == id).Select(d => d.HiddenAt).FirstOrDefaultAsync(cancellationToken)
        : db.Set<Source>().AsNoTracking().Where(s => s.Id == id).Select(s => s.HiddenAt).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Confirming keeps the date the target was first hidden (SetHiddenAsync stamps it anew).</summary>
    private async Task KeepHiddenSinceAsync(ReportTargetKind kind, int id, DateTime? hiddenSince, CancellationToken cancellationToken)
    {
        if (kind == ReportTargetKind.Dossier)
        {
            // Find returns the instance SetHiddenAsync loaded and changed.
            if (await db.Set<Dossier>().FindAsync([id], cancellationToken) is { } dossier)
            {
                dossier.HiddenAt = hiddenSince;
            }
        }
        else if (await db.Set<Source>().FindAsync([id], cancellationToken) is { } source)
        {
            source.HiddenAt = hiddenSince;
        }
    }
}
