using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contrevue.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ContactImportProvenance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "address_imported_on",
                table: "territory_contacts",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "address_source",
                table: "territory_contacts",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "mayor_imported_on",
                table: "territory_contacts",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "mayor_source",
                table: "territory_contacts",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "address_imported_on",
                table: "territory_contacts");

            migrationBuilder.DropColumn(
                name: "address_source",
                table: "territory_contacts");

            migrationBuilder.DropColumn(
                name: "mayor_imported_on",
                table: "territory_contacts");

            migrationBuilder.DropColumn(
                name: "mayor_source",
                table: "territory_contacts");
        }
    }
}
