using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contrevue.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CollectiveProfiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Listed",
                table: "collectives",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAt",
                table: "collectives",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "collective_links",
                columns: table => new
                {
                    CollectiveId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_collective_links", x => new { x.CollectiveId, x.Position });
                    table.ForeignKey(
                        name: "FK_collective_links_collectives_CollectiveId",
                        column: x => x.CollectiveId,
                        principalTable: "collectives",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_collectives_Listed",
                table: "collectives",
                column: "Listed");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "collective_links");

            migrationBuilder.DropIndex(
                name: "IX_collectives_Listed",
                table: "collectives");

            migrationBuilder.DropColumn(
                name: "Listed",
                table: "collectives");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "collectives");
        }
    }
}
