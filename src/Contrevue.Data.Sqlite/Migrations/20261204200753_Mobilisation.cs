using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contrevue.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Mobilisation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "mobilisation_sign_ups",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    TerritoryKind = table.Column<int>(type: "INTEGER", nullable: false),
                    TerritoryCode = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    TerritoryName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CommuneCode = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    CityCode = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    EpciSiren = table.Column<string>(type: "TEXT", maxLength: 9, nullable: true),
                    DepartementCode = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    CollectiveName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    MatchedCollectiveId = table.Column<int>(type: "INTEGER", nullable: true),
                    HelpWith = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConfirmedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    InvitedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mobilisation_sign_ups", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_mobilisation_sign_ups_CreatedAt",
                table: "mobilisation_sign_ups",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_mobilisation_sign_ups_DepartementCode",
                table: "mobilisation_sign_ups",
                column: "DepartementCode");

            migrationBuilder.CreateIndex(
                name: "IX_mobilisation_sign_ups_TokenHash",
                table: "mobilisation_sign_ups",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "mobilisation_sign_ups");
        }
    }
}
