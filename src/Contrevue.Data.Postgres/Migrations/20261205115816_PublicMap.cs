using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Contrevue.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PublicMap : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "centre_latitude",
                table: "communes",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "centre_longitude",
                table: "communes",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "centre_source",
                table: "communes",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "commune_contours",
                columns: table => new
                {
                    commune_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    geometry_json = table.Column<string>(type: "text", nullable: false),
                    min_longitude = table.Column<double>(type: "double precision", nullable: false),
                    min_latitude = table.Column<double>(type: "double precision", nullable: false),
                    max_longitude = table.Column<double>(type: "double precision", nullable: false),
                    max_latitude = table.Column<double>(type: "double precision", nullable: false),
                    imported_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commune_contours", x => x.commune_code);
                    table.ForeignKey(
                        name: "FK_commune_contours_communes_commune_code",
                        column: x => x.commune_code,
                        principalTable: "communes",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "osm_cameras",
                columns: table => new
                {
                    node_id = table.Column<long>(type: "bigint", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    latitude = table.Column<double>(type: "double precision", nullable: false),
                    longitude = table.Column<double>(type: "double precision", nullable: false),
                    surveillance = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    surveillance_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    zone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    camera_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    camera_mount = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    camera_direction = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    @operator = table.Column<string>(name: "operator", type: "character varying(255)", maxLength: 255, nullable: true),
                    start_date = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    tags_json = table.Column<string>(type: "text", nullable: false),
                    commune_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    departement_code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    placement_approximate = table.Column<bool>(type: "boolean", nullable: false),
                    area_key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    exported_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    imported_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_osm_cameras", x => x.node_id);
                });

            migrationBuilder.CreateTable(
                name: "osm_imports",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    area_key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    format = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    source_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    exported_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    imported_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    added = table.Column<int>(type: "integer", nullable: false),
                    updated = table.Column<int>(type: "integer", nullable: false),
                    unchanged = table.Column<int>(type: "integer", nullable: false),
                    removed = table.Column<int>(type: "integer", nullable: false),
                    ignored = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_osm_imports", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_commune_contours_min_longitude_max_longitude",
                table: "commune_contours",
                columns: new[] { "min_longitude", "max_longitude" });

            migrationBuilder.CreateIndex(
                name: "IX_osm_cameras_area_key",
                table: "osm_cameras",
                column: "area_key");

            migrationBuilder.CreateIndex(
                name: "IX_osm_cameras_commune_code",
                table: "osm_cameras",
                column: "commune_code");

            migrationBuilder.CreateIndex(
                name: "IX_osm_cameras_departement_code",
                table: "osm_cameras",
                column: "departement_code");

            migrationBuilder.CreateIndex(
                name: "IX_osm_imports_area_key_exported_at",
                table: "osm_imports",
                columns: new[] { "area_key", "exported_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "commune_contours");

            migrationBuilder.DropTable(
                name: "osm_cameras");

            migrationBuilder.DropTable(
                name: "osm_imports");

            migrationBuilder.DropColumn(
                name: "centre_latitude",
                table: "communes");

            migrationBuilder.DropColumn(
                name: "centre_longitude",
                table: "communes");

            migrationBuilder.DropColumn(
                name: "centre_source",
                table: "communes");
        }
    }
}
