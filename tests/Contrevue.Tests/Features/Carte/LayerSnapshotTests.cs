using Contrevue.Features.Carte;
using Contrevue.Features.Carte.Tiles;

namespace Contrevue.Tests.Features.Carte;

/// <summary>The list beside the map: the first labels of a box in French order, counted and bounded whatever the layer's size.</summary>
public sealed class LayerSnapshotTests
{
    private static readonly Dictionary<string, string> NoProperties = [];

    private static MapPoint Point(long id, string label, double latitude, double longitude) =>
        new(id, latitude, longitude, label, null, null, NoProperties);

    [Fact]
    public void A_window_lists_the_first_labels_in_french_order_and_counts_and_bounds_them_all()
    {
        string[] labels = ["Zébulon", "été", "Eau", "école", "abbaye", "Étang", "Œuvre", "Ecole", "Abbaye"];
        var points = labels.Select((label, i) => Point(i + 1, label, 45 + i * 0.01, 4 + i * 0.01)).ToList();
        // Far away, outside the box: neither counted nor listed.
        points.Add(Point(100, "Aaa", 48.85, 2.35));
        var snapshot = new LayerSnapshot("v1", points);
        var (x0, x1) = (WebMercator.X(3.9), WebMercator.X(4.2));
        var (y0, y1) = (WebMercator.Y(45.2), WebMercator.Y(44.9));

        var window = snapshot.Window(x0, y0, x1, y1, PointFilter.None, 5);

        Assert.Equal(9, window.Total);
        // Letters first, then accents (unaccented first), case ignored, as a French reader sorts; equal labels by id.
        Assert.Equal(["abbaye", "Abbaye", "Eau", "Ecole", "école"], window.Items.Select(p => p.Label));
        Assert.Equal([4.0, 45.0, 4.08, 45.08], window.Bounds!.Select(b => Math.Round(b, 6)));
        Assert.Equal(["abbaye", "Abbaye", "Eau", "Ecole", "école", "Étang", "été", "Œuvre", "Zébulon"],
            snapshot.Window(x0, y0, x1, y1, PointFilter.None, 100).Items.Select(p => p.Label));

        var empty = snapshot.Window(WebMercator.X(-1), WebMercator.Y(44), WebMercator.X(0), WebMercator.Y(43), PointFilter.None, 5);
        Assert.Equal((0, 0, null), (empty.Total, empty.Items.Count, empty.Bounds));
    }
}
