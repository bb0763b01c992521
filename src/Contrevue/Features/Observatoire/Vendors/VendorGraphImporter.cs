using Contrevue.Infrastructure.Text;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Contrevue.Data;
using Contrevue.Features.Territories.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Contrevue.Features.Observatoire.Vendors;

public sealed record LinkedCommune(string Name, string Code, string CommuneName);

public sealed record ReviewItem(int Line, string Name, string Reason);

/// <summary>What an import of the vendor graph did, printed by the command and checked by the tests.</summary>
public sealed class VendorImportReport
{
    public int LinesRead { get; init; }
    public bool HeaderMissing { get; init; }
    public int RelationsCreated { get; set; }
    public int AlreadyPresent { get; set; }
    public int VendorsCreated { get; set; }
    /// <summary>Each node name linked to a commune in this run, once.</summary>
    public List<LinkedCommune> CommunesLinked { get; } = [];
    public List<ReviewItem> ForReview { get; } = [];
    public List<RejectedLine> Rejected { get; init; } = [];
    public TimeSpan Duration { get; set; }

    public void WriteTo(TextWriter output, string? file = null)
    {
        output.WriteLine(file is null ? "Import du graphe des fournisseurs terminé" : $"Import du graphe des fournisseurs terminé : {file}");
        output.WriteLine($"  lignes lues : {LinesRead} (en {Duration.TotalSeconds:0.00} s)");
        output.WriteLine($"  relations créées : {RelationsCreated}");
        output.WriteLine($"  déjà présentes : {AlreadyPresent}");
        output.WriteLine($"  fournisseurs créés : {VendorsCreated}");
        output.WriteLine($"  communes reliées : {CommunesLinked.Count}");
        foreach (var link in CommunesLinked)
        {
            output.WriteLine($"    « {link.Name} » → {link.Code} ({link.CommuneName})");
        }
        output.WriteLine($"  à vérifier par la modération : {ForReview.Count}");
        foreach (var item in ForReview)
        {
            output.WriteLine($"    ligne {item.Line} : « {item.Name} » : {item.Reason}");
        }
        output.WriteLine($"  lignes rejetées : {Rejected.Count}");
        foreach (var rejected in Rejected)
        {
            output.WriteLine($"    ligne {rejected.Line} : {rejected.Reason}");
        }
    }
}

/// <summary>
/// Imports the Technopolice vendor graph: each edge becomes a <see cref="VendorRelation"/> with its words
/// and its source; organisations are found or created as <see cref="Vendor"/>s; commune names are linked
/// when they designate one commune only and left for review otherwise. One transaction; running it
/// again on the same file creates nothing.
/// </summary>
public sealed class VendorGraphImporter(ContrevueDbContext db, TimeProvider time)
{
    private const long PostgresImportLockKey = 0x56656e646f727321; // "Vendors!": one import at a time across instances.
    private const int MaxSlugLength = 100;

    /// <summary>The columns of <see cref="VendorRelation"/> (EF names them after the properties), quoted for PostgreSQL.</summary>
    private static readonly string[] RelationColumns = [.. new[]
    {
        "SubjectName", "SubjectVendorId", "SubjectCommuneCode", "Kind", "ObjectName", "ObjectVendorId", "ObjectCommuneCode",
        "SourceUrl", "Fingerprint", "NeedsReview", "ReviewNote", "ImportedAt",
    }.Select(c => $"\"{c}\"")];

    public async Task<VendorImportReport> ImportAsync(VendorGraphFile file, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var report = new VendorImportReport { LinesRead = file.LinesRead, HeaderMissing = !file.HasHeader, Rejected = [.. file.Rejected] };
        var now = time.GetUtcNow().UtcDateTime;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.ProviderOf() == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgresImportLockKey})", cancellationToken);
        }

        // Everything the lines are matched against is read once: thousands of lines, no query per line.
        var vendors = await db.Set<Vendor>().ToDictionaryAsync(v => v.MatchName, StringComparer.Ordinal, cancellationToken);
        var slugs = vendors.Values.Select(v => v.Slug).ToHashSet(StringComparer.Ordinal);
        var fingerprints = (await db.Set<VendorRelation>().Select(r => r.Fingerprint).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var communes = await CommuneNameIndex.LoadAllAsync(db, cancellationToken);

        var pending = new List<(VendorRelation Relation, Vendor? SubjectVendor, Vendor? ObjectVendor)>();
        var linked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var edge in file.Edges)
        {
            var subjectNode = communes.Resolve(edge.SubjectName);
            var objectNode = communes.Resolve(edge.ObjectName);
            var fingerprint = Fingerprint(edge, subjectNode, objectNode);
            if (!fingerprints.Add(fingerprint))
            {
                report.AlreadyPresent++;
                continue;
            }

            var relation = new VendorRelation
            {
                SubjectName = edge.SubjectName,
                Kind = edge.Kind,
                ObjectName = edge.ObjectName,
                SourceUrl = edge.Source,
                Fingerprint = fingerprint,
                ImportedAt = now,
            };
            var notes = new List<string>();
            Vendor? subjectVendor = null, objectVendor = null;
            switch (subjectNode)
            {
                case VendorNode.Commune commune:
                    relation.SubjectCommuneCode = commune.Code;
                    break;
                case VendorNode.Organisation organisation:
                    subjectVendor = FindOrCreate(organisation.MatchName, edge.SubjectName);
                    break;
                case VendorNode.Unresolved unresolved:
                    notes.Add($"« {edge.SubjectName} » : {unresolved.Reason}");
                    report.ForReview.Add(new ReviewItem(edge.Line, edge.SubjectName, unresolved.Reason));
                    break;
            }
            switch (objectNode)
            {
                case VendorNode.Commune commune:
                    relation.ObjectCommuneCode = commune.Code;
                    break;
                case VendorNode.Organisation organisation:
                    objectVendor = FindOrCreate(organisation.MatchName, edge.ObjectName);
                    break;
                case VendorNode.Unresolved unresolved:
                    notes.Add($"« {edge.ObjectName} » : {unresolved.Reason}");
                    report.ForReview.Add(new ReviewItem(edge.Line, edge.ObjectName, unresolved.Reason));
                    break;
            }
            foreach (var (name, node) in new[] { (edge.SubjectName, subjectNode), (edge.ObjectName, objectNode) })
            {
                if (node is VendorNode.Commune commune && linked.Add($"{name}\u001f{commune.Code}"))
                {
                    report.CommunesLinked.Add(new LinkedCommune(name, commune.Code, commune.Name));
                }
            }
            relation.NeedsReview = notes.Count > 0;
            relation.ReviewNote = notes.Count > 0 ? string.Join(" ; ", notes) : null;
            pending.Add((relation, subjectVendor, objectVendor));
        }

        // New vendors first, for their ids; then the relations that point at them, in bulk: EF would
        // take seconds for thousands of rows.
        await db.SaveChangesAsync(cancellationToken);
        var writer = new BulkWriter(db.Database.GetDbConnection(), transaction.GetDbTransaction(), multiRowStatements: db.ProviderOf() == DatabaseProvider.Postgres);
        await writer.InsertAsync("vendor_relations", RelationColumns, [.. pending.Select(p => new object?[]
        {
            p.Relation.SubjectName, p.SubjectVendor?.Id, p.Relation.SubjectCommuneCode, p.Relation.Kind,
            p.Relation.ObjectName, p.ObjectVendor?.Id, p.Relation.ObjectCommuneCode, p.Relation.SourceUrl,
            p.Relation.Fingerprint, p.Relation.NeedsReview, p.Relation.ReviewNote, p.Relation.ImportedAt,
        })], cancellationToken);
        report.RelationsCreated = pending.Count;
        await transaction.CommitAsync(cancellationToken);
        report.Duration = stopwatch.Elapsed;
        return report;

        Vendor FindOrCreate(string matchName, string name)
        {
            if (vendors.TryGetValue(matchName, out var vendor))
            {
                return vendor;
            }
            vendor = NewVendor(name, matchName, slugs, now);
            vendors[matchName] = vendor;
            db.Add(vendor);
            report.VendorsCreated++;
            return vendor;
        }
    }

    /// <summary>A vendor with a slug of its own: "acme-vision", else "acme-vision-2"…</summary>
    public static Vendor NewVendor(string name, string matchName, HashSet<string> takenSlugs, DateTime now)
    {
        var slug = SearchText.Slug(name);
        if (slug.Length > MaxSlugLength)
        {
            slug = slug[..MaxSlugLength].TrimEnd('-');
        }
        if (slug.Length == 0)
        {
            slug = "fournisseur";
        }
        var unique = slug;
        for (var n = 2; !takenSlugs.Add(unique); n++)
        {
            unique = $"{slug}-{n}";
        }
        return new Vendor { Slug = unique, Name = name, MatchName = matchName, CreatedAt = now, UpdatedAt = now };
    }

    /// <summary>
    /// The edge in normal form: each end by what it was matched to (so "ville de Saint-Etienne" and
    /// "commune de Saint-Étienne" are the same end), else its name in <see cref="SearchText"/> form;
    /// the relation words in that form too; the source as written, trimmed (a URL's case can matter).
    /// </summary>
    public static string Fingerprint(VendorGraphEdge edge, VendorNode subjectNode, VendorNode objectNode)
    {
        var text = string.Join('\u001f', End(edge.SubjectName, subjectNode), SearchText.Normalize(edge.Kind), End(edge.ObjectName, objectNode), edge.Source ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

        static string End(string name, VendorNode node) => node switch
        {
            VendorNode.Commune commune => $"commune:{commune.Code}",
            VendorNode.Organisation organisation => $"organisation:{organisation.MatchName}",
            _ => $"nom:{SearchText.Normalize(name)}",
        };
    }
}
