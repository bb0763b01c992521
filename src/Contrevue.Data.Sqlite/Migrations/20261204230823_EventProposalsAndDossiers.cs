using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contrevue.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class EventProposalsAndDossiers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DossierId",
                table: "events",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OrganiserName",
                table: "events",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_events_DossierId",
                table: "events",
                column: "DossierId");

            migrationBuilder.AddForeignKey(
                name: "FK_events_dossiers_DossierId",
                table: "events",
                column: "DossierId",
                principalTable: "dossiers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_events_dossiers_DossierId",
                table: "events");

            migrationBuilder.DropIndex(
                name: "IX_events_DossierId",
                table: "events");

            migrationBuilder.DropColumn(
                name: "DossierId",
                table: "events");

            migrationBuilder.DropColumn(
                name: "OrganiserName",
                table: "events");
        }
    }
}
