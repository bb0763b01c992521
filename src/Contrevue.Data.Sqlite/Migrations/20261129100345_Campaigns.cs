using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contrevue.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Campaigns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "campaigns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Demand = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    LetterSubject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    LetterTemplate = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    TargetLevels = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FollowUpDays = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IsOpen = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_campaigns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_campaigns_Slug",
                table: "campaigns",
                column: "Slug",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "campaigns");
        }
    }
}
