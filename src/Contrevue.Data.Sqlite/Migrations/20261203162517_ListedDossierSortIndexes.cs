using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contrevue.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ListedDossierSortIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_dossiers_IsHidden_UpdatedAt",
                table: "dossiers");

            migrationBuilder.CreateIndex(
                name: "IX_dossiers_listed_recent",
                table: "dossiers",
                columns: new[] { "UpdatedAt", "Id" },
                descending: new[] { true, true },
                filter: "NOT \"IsHidden\"");

            migrationBuilder.CreateIndex(
                name: "IX_dossiers_listed_title",
                table: "dossiers",
                columns: new[] { "Title", "Id" },
                filter: "NOT \"IsHidden\"");

            // The sorts that put unknown values last, as DossierListQuery.Ordered writes them.
            foreach (var (name, column) in new[] { ("cameras", "CameraCount"), ("budget", "BudgetEur"), ("status_date", "StatusSince") })
            {
                migrationBuilder.Sql($"CREATE INDEX \"IX_dossiers_listed_{name}\" ON \"dossiers\" ((\"{column}\" IS NULL), \"{column}\" DESC, \"Id\" DESC) WHERE NOT \"IsHidden\"");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var name in new[] { "cameras", "budget", "status_date" })
            {
                migrationBuilder.Sql($"DROP INDEX \"IX_dossiers_listed_{name}\"");
            }

            migrationBuilder.DropIndex(
                name: "IX_dossiers_listed_recent",
                table: "dossiers");

            migrationBuilder.DropIndex(
                name: "IX_dossiers_listed_title",
                table: "dossiers");

            migrationBuilder.CreateIndex(
                name: "IX_dossiers_IsHidden_UpdatedAt",
                table: "dossiers",
                columns: new[] { "IsHidden", "UpdatedAt" });
        }
    }
}
