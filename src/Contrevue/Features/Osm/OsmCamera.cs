using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Osm;

/// <summary>
/// A <c>man_made=surveillance</c> node of OpenStreetMap, as an operator's export gave it. OSM's data, under
/// the ODbL: shown with "© les contributeurs d'OpenStreetMap", exported apart, never mixed into the
/// observatoire's dossiers.
/// </summary>
public sealed class OsmCamera
{
    /// <summary>The OSM node id: re-importing the same node updates this row.</summary>
    public long NodeId { get; set; }
    /// <summary>The node's OSM version: an older or equal version never overwrites a newer one.</summary>
    public int Version { get; set; }
    public double Latitude { get; set; }
    public double Longitude { get; set; }

    /// <summary>The <c>surveillance</c> tag: public, outdoor, indoor.</summary>
    public string? Surveillance { get; set; }
    /// <summary><c>surveillance:type</c>: camera, guard, ALPR.</summary>
    public string? SurveillanceType { get; set; }
    /// <summary><c>surveillance:zone</c>: traffic, town, parking, shop…</summary>
    public string? Zone { get; set; }
    /// <summary><c>camera:type</c>: fixed, dome, panning.</summary>
    public string? CameraType { get; set; }
    /// <summary><c>camera:mount</c>: pole, wall, ceiling…</summary>
    public string? CameraMount { get; set; }
    /// <summary><c>camera:direction</c> as tagged (degrees or a compass point).</summary>
    public string? CameraDirection { get; set; }
    public string? Operator { get; set; }
    public string? StartDate { get; set; }
    /// <summary>Every tag of the node, as a JSON object, for the export.</summary>
    public string TagsJson { get; set; } = "{}";

    /// <summary>The commune it stands in, when placed.</summary>
    public string? CommuneCode { get; set; }
    public string? DepartementCode { get; set; }
    /// <summary>True when placed by the nearest commune centre rather than inside a loaded contour.</summary>
    public bool PlacementApproximate { get; set; }

    /// <summary>The area of the export that last carried it (<c>commune:42218</c>, <c>departement:42</c>, <c>france</c>).</summary>
    public required string AreaKey { get; set; }
    /// <summary>When the export that last carried it was made (Overpass' <c>timestamp_osm_base</c>), else the import's time.</summary>
    public DateTime ExportedAt { get; set; }
    public DateTime ImportedAt { get; set; }
}

/// <summary>One run of <c>Contrevue import osm FILE</c>, kept to report imports and to know which export of an area is the newest.</summary>
public sealed class OsmImport
{
    public int Id { get; set; }
    public required string AreaKey { get; set; }
    /// <summary>Overpass JSON, OSM XML or GeoJSON.</summary>
    public required string Format { get; set; }
    public required string SourceHash { get; set; }
    public DateTime ExportedAt { get; set; }
    public DateTime ImportedAt { get; set; }
    public int Added { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Removed { get; set; }
    /// <summary>Elements skipped: ways, relations, nodes without <c>man_made=surveillance</c>.</summary>
    public int Ignored { get; set; }
}

internal sealed class OsmCameraConfiguration : IEntityTypeConfiguration<OsmCamera>
{
    public void Configure(EntityTypeBuilder<OsmCamera> entity)
    {
        entity.ToTable("osm_cameras");
        entity.HasKey(c => c.NodeId);
        entity.Property(c => c.NodeId).HasColumnName("node_id").ValueGeneratedNever();
        entity.Property(c => c.Version).HasColumnName("version");
        entity.Property(c => c.Latitude).HasColumnName("latitude");
        entity.Property(c => c.Longitude).HasColumnName("longitude");
        entity.Property(c => c.Surveillance).HasColumnName("surveillance").HasMaxLength(100);
        entity.Property(c => c.SurveillanceType).HasColumnName("surveillance_type").HasMaxLength(100);
        entity.Property(c => c.Zone).HasColumnName("zone").HasMaxLength(100);
        entity.Property(c => c.CameraType).HasColumnName("camera_type").HasMaxLength(100);
        entity.Property(c => c.CameraMount).HasColumnName("camera_mount").HasMaxLength(100);
        entity.Property(c => c.CameraDirection).HasColumnName("camera_direction").HasMaxLength(100);
        entity.Property(c => c.Operator).HasColumnName("operator").HasMaxLength(255);
        entity.Property(c => c.StartDate).HasColumnName("start_date").HasMaxLength(100);
        entity.Property(c => c.TagsJson).HasColumnName("tags_json");
        entity.Property(c => c.CommuneCode).HasColumnName("commune_code").HasMaxLength(5);
        entity.Property(c => c.DepartementCode).HasColumnName("departement_code").HasMaxLength(3);
        entity.Property(c => c.PlacementApproximate).HasColumnName("placement_approximate");
        entity.Property(c => c.AreaKey).HasColumnName("area_key").HasMaxLength(40);
        entity.Property(c => c.ExportedAt).HasColumnName("exported_at");
        entity.Property(c => c.ImportedAt).HasColumnName("imported_at");
        entity.HasIndex(c => c.CommuneCode);
        entity.HasIndex(c => c.DepartementCode);
        entity.HasIndex(c => c.AreaKey);
    }
}

internal sealed class OsmImportConfiguration : IEntityTypeConfiguration<OsmImport>
{
    public void Configure(EntityTypeBuilder<OsmImport> entity)
    {
        entity.ToTable("osm_imports");
        entity.HasKey(i => i.Id);
        entity.Property(i => i.Id).HasColumnName("id");
        entity.Property(i => i.AreaKey).HasColumnName("area_key").HasMaxLength(40);
        entity.Property(i => i.Format).HasColumnName("format").HasMaxLength(20);
        entity.Property(i => i.SourceHash).HasColumnName("source_hash").HasMaxLength(64);
        entity.Property(i => i.ExportedAt).HasColumnName("exported_at");
        entity.Property(i => i.ImportedAt).HasColumnName("imported_at");
        entity.Property(i => i.Added).HasColumnName("added");
        entity.Property(i => i.Updated).HasColumnName("updated");
        entity.Property(i => i.Unchanged).HasColumnName("unchanged");
        entity.Property(i => i.Removed).HasColumnName("removed");
        entity.Property(i => i.Ignored).HasColumnName("ignored");
        entity.HasIndex(i => new { i.AreaKey, i.ExportedAt });
    }
}
