using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Contrevue.Data.Postgres.Migrations
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    TerritoryKind = table.Column<int>(type: "integer", nullable: false),
                    TerritoryCode = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    TerritoryName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CommuneCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    CityCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    EpciSiren = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    DepartementCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    RegionCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    CollectiveName = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    MatchedCollectiveId = table.Column<int>(type: "integer", nullable: true),
                    HelpWith = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ConfirmedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    InvitedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
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
