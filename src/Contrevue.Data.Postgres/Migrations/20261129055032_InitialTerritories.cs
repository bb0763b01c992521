using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Contrevue.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class InitialTerritories : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "epcis",
                columns: table => new
                {
                    siren = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    slug = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    search_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    financing_mode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    population = table.Column<long>(type: "bigint", nullable: false),
                    commune_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_epcis", x => x.siren);
                });

            migrationBuilder.CreateTable(
                name: "regions",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    slug = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    search_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    zone = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    population = table.Column<long>(type: "bigint", nullable: false),
                    commune_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_regions", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "territory_imports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Origin = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    SourceHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ImportedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DurationMilliseconds = table.Column<int>(type: "integer", nullable: false),
                    RegionCount = table.Column<int>(type: "integer", nullable: false),
                    DepartementCount = table.Column<int>(type: "integer", nullable: false),
                    EpciCount = table.Column<int>(type: "integer", nullable: false),
                    CommuneCount = table.Column<int>(type: "integer", nullable: false),
                    MunicipalArrondissementCount = table.Column<int>(type: "integer", nullable: false),
                    AliasCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_territory_imports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "departements",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    slug = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    search_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    zone = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    region_code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    population = table.Column<long>(type: "bigint", nullable: false),
                    commune_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_departements", x => x.code);
                    table.ForeignKey(
                        name: "FK_departements_regions_region_code",
                        column: x => x.region_code,
                        principalTable: "regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "communes",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    slug = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    search_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    compact_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    departement_code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    region_code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    epci_siren = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    parent_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    siren = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    population = table.Column<int>(type: "integer", nullable: true),
                    postal_codes = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_communes", x => x.code);
                    table.ForeignKey(
                        name: "FK_communes_communes_parent_code",
                        column: x => x.parent_code,
                        principalTable: "communes",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_communes_departements_departement_code",
                        column: x => x.departement_code,
                        principalTable: "departements",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_communes_epcis_epci_siren",
                        column: x => x.epci_siren,
                        principalTable: "epcis",
                        principalColumn: "siren",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_communes_regions_region_code",
                        column: x => x.region_code,
                        principalTable: "regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "commune_aliases",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    search_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    commune_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commune_aliases", x => x.id);
                    table.ForeignKey(
                        name: "FK_commune_aliases_communes_commune_code",
                        column: x => x.commune_code,
                        principalTable: "communes",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "commune_postal_codes",
                columns: table => new
                {
                    postal_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    commune_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commune_postal_codes", x => new { x.postal_code, x.commune_code });
                    table.ForeignKey(
                        name: "FK_commune_postal_codes_communes_commune_code",
                        column: x => x.commune_code,
                        principalTable: "communes",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_commune_aliases_code_commune_code",
                table: "commune_aliases",
                columns: new[] { "code", "commune_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_commune_aliases_commune_code",
                table: "commune_aliases",
                column: "commune_code");

            migrationBuilder.CreateIndex(
                name: "IX_commune_aliases_search_name",
                table: "commune_aliases",
                column: "search_name");

            migrationBuilder.CreateIndex(
                name: "IX_commune_postal_codes_commune_code",
                table: "commune_postal_codes",
                column: "commune_code");

            migrationBuilder.CreateIndex(
                name: "IX_communes_departement_code_population",
                table: "communes",
                columns: new[] { "departement_code", "population" });

            migrationBuilder.CreateIndex(
                name: "IX_communes_epci_siren",
                table: "communes",
                column: "epci_siren");

            migrationBuilder.CreateIndex(
                name: "IX_communes_parent_code",
                table: "communes",
                column: "parent_code");

            migrationBuilder.CreateIndex(
                name: "IX_communes_region_code",
                table: "communes",
                column: "region_code");

            migrationBuilder.CreateIndex(
                name: "IX_communes_search_name",
                table: "communes",
                column: "search_name");

            migrationBuilder.CreateIndex(
                name: "IX_departements_region_code",
                table: "departements",
                column: "region_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "commune_aliases");

            migrationBuilder.DropTable(
                name: "commune_postal_codes");

            migrationBuilder.DropTable(
                name: "territory_imports");

            migrationBuilder.DropTable(
                name: "communes");

            migrationBuilder.DropTable(
                name: "departements");

            migrationBuilder.DropTable(
                name: "epcis");

            migrationBuilder.DropTable(
                name: "regions");
        }
    }
}
