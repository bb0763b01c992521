using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contrevue.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class KitResources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "kit_resources",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Licence = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CollectiveId = table.Column<int>(type: "INTEGER", nullable: true),
                    Formats = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 411, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ProposedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_kit_resources", x => x.Id);
                    table.ForeignKey(
                        name: "FK_kit_resources_collectives_CollectiveId",
                        column: x => x.CollectiveId,
                        principalTable: "collectives",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "kit_versions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ResourceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Changelog = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_kit_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_kit_versions_kit_resources_ResourceId",
                        column: x => x.ResourceId,
                        principalTable: "kit_resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "kit_files",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    MediaType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Extension = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Bytes = table.Column<long>(type: "INTEGER", nullable: false),
                    PreviewSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Downloads = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_kit_files", x => x.Id);
                    table.ForeignKey(
                        name: "FK_kit_files_kit_versions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "kit_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_kit_files_stored_files_Sha256",
                        column: x => x.Sha256,
                        principalTable: "stored_files",
                        principalColumn: "Sha256",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_kit_files_PreviewSha256",
                table: "kit_files",
                column: "PreviewSha256");

            migrationBuilder.CreateIndex(
                name: "IX_kit_files_Sha256",
                table: "kit_files",
                column: "Sha256");

            migrationBuilder.CreateIndex(
                name: "IX_kit_files_VersionId",
                table: "kit_files",
                column: "VersionId");

            migrationBuilder.CreateIndex(
                name: "IX_kit_resources_CollectiveId",
                table: "kit_resources",
                column: "CollectiveId");

            migrationBuilder.CreateIndex(
                name: "IX_kit_resources_Status_PublishedAt",
                table: "kit_resources",
                columns: new[] { "Status", "PublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_kit_versions_ResourceId_Number",
                table: "kit_versions",
                columns: new[] { "ResourceId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "kit_files");

            migrationBuilder.DropTable(
                name: "kit_versions");

            migrationBuilder.DropTable(
                name: "kit_resources");
        }
    }
}
