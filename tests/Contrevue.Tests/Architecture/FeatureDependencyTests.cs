using Contrevue.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Tests.Architecture;

/// <summary>
/// The shape of the house (README "Layout"): features meet only through types marked <c>[Seam]</c>,
/// the feature graph has no cycle, Procedures is a leaf nobody names, and the shared area names no
/// feature outside the composition root. Read from the compiled assembly, Razor views included.
/// </summary>
public sealed class FeatureDependencyTests
{
    private static readonly Lazy<FeatureGraph> App = new(() => FeatureGraph.Read(typeof(Program).Assembly.Location));

    /// <summary>
    /// Tables another feature may name: the geography every feature is keyed by, the identity user, and
    /// the moderation queue's item that Moderation hands to each feature's publisher.
    /// </summary>
    private static readonly HashSet<string> EntitySeams =
    [
        "Contrevue.Features.Territories.Region", "Contrevue.Features.Territories.Departement",
        "Contrevue.Features.Territories.Epci", "Contrevue.Features.Territories.Commune",
        "Contrevue.Features.Territories.CommuneAlias", "Contrevue.Features.Territories.CommunePostalCode",
        // Which edition of the geography is loaded (shown on the admin dashboard).
        "Contrevue.Features.Territories.TerritoryImport",
        // Communes' outlines: the geography too (the map draws them, features place points with them).
        "Contrevue.Features.Territories.CommuneContour",
        "Contrevue.Features.Accounts.ContrevueUser",
        "Contrevue.Features.Moderation.Proposal",
    ];

    /// <summary>
    /// The composition root: the only shared code that may name features. The DbContext derives from
    /// Identity's context of our user type; Program and the setup find features without naming them.
    /// </summary>
    private static readonly HashSet<(string From, string To)> SharedMayName =
    [
        ("Contrevue.Data.ContrevueDbContext", "Contrevue.Features.Accounts.ContrevueUser"),
        ("Contrevue.Data.ContrevueDbContext", "Contrevue.Features.Accounts.IdentityTableNames"),
    ];

    [Fact]
    public void The_features_are_still_ten_or_more_folders()
    {
        var features = App.Value.Features.Where(f => f != FeatureGraph.Shared).ToList();
        Assert.True(features.Count >= 10, string.Join(", ", features));
        Assert.Contains("Procedures", features);
    }

    [Fact]
    public void A_feature_names_another_feature_only_through_its_seams()
    {
        var forbidden = App.Value.References
            .Where(r => r.From != FeatureGraph.Shared && r.To != FeatureGraph.Shared && !r.ToSeam)
            .Select(r => $"{r.FromType} → {r.ToType}")
            .ToList();
        Assert.True(forbidden.Count == 0,
            $"{forbidden.Count} references to another feature's type that is not marked [Seam]:\n  " + string.Join("\n  ", forbidden) + "\n\n" + App.Value.Matrix());
    }

    [Fact]
    public void There_is_no_cycle_between_feature_folders()
    {
        var cycles = App.Value.Cycles();
        Assert.True(cycles.Count == 0, "Cycles: " + string.Join(" | ", cycles.Select(c => string.Join(" ⇄ ", c))) + "\n\n" + App.Value.Matrix()
            + "\n\n" + string.Join("\n", App.Value.Edges.Where(e => e.Key.From != FeatureGraph.Shared && e.Key.To != FeatureGraph.Shared)
                .Select(e => $"{e.Key.From} → {e.Key.To}: {e.Value.First()}")));
    }

    [Fact]
    public void Procedures_is_a_leaf_that_no_feature_names()
    {
        var naming = App.Value.References.Where(r => r.To == "Procedures" && r.From != FeatureGraph.Shared).Select(r => $"{r.FromType} → {r.ToType}").ToList();
        Assert.True(naming.Count == 0, string.Join("\n", naming));
    }

    [Fact]
    public void The_shared_area_names_no_feature_outside_the_composition_root()
    {
        var naming = App.Value.References
            .Where(r => r.From == FeatureGraph.Shared && r.To != FeatureGraph.Shared && !SharedMayName.Contains((r.FromType, r.ToType)))
            .Select(r => $"{r.FromType} → {r.ToType}")
            .ToList();
        Assert.True(naming.Count == 0, $"{naming.Count} shared types name a feature:\n  " + string.Join("\n  ", naming));
    }

    [Fact]
    public void A_seam_is_not_another_features_table_unless_listed()
    {
        using var db = new ContrevueDbContext(new DbContextOptionsBuilder<ContrevueDbContext>().UseSqlite("Data Source=:memory:").Options);
        // Owned types are values stored inside their owner's row, not tables of their own.
        var entities = db.Model.GetEntityTypes().Where(e => !e.IsOwned()).Select(e => e.ClrType).Where(t => !t.IsGenericType).ToHashSet();
        var tableSeams = typeof(Program).Assembly.GetTypes()
            .Where(t => entities.Contains(t) && t.IsDefined(typeof(SeamAttribute), inherit: false))
            .Select(t => t.FullName!)
            .Where(name => !EntitySeams.Contains(name))
            .ToList();
        Assert.True(tableSeams.Count == 0, "Entities marked [Seam] (another feature would read their table): " + string.Join(", ", tableSeams));
    }

    /// <summary>The reader itself: on sample features, it must see a forbidden reference, an allowed seam and a cycle.</summary>
    [Fact]
    public void The_reader_catches_a_forbidden_reference_and_a_cycle()
    {
        const string root = "Contrevue.Tests.Architecture.Sample.Features";
        var graph = FeatureGraph.Read(typeof(FeatureDependencyTests).Assembly.Location, root, onlyUnder: root);
        var forbidden = graph.References.Where(r => r.From != FeatureGraph.Shared && r.To != FeatureGraph.Shared && !r.ToSeam)
            .Select(r => $"{r.FromType} → {r.ToType}").ToList();
        Assert.Equal([$"{root}.Beta.BetaReadsAlphaTable → {root}.Alpha.AlphaTable"], forbidden);
        Assert.Contains(graph.References, r => r.FromType == $"{root}.Beta.BetaPanel" && r.ToType == $"{root}.Alpha.IAlphaPanel" && r.ToSeam);
        Assert.Equal([["Gamma", "Delta"]], graph.Cycles().Select(c => c.OrderByDescending(x => x, StringComparer.Ordinal).ToArray()).ToArray());
    }
}
