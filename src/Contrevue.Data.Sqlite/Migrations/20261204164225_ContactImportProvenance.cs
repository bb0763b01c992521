using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contrevue.Data.Sqlite.Migrations
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "address_source",
                table: "territory_contacts",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "mayor_imported_on",
                table: "territory_contacts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "mayor_source",
                table: "territory_contacts",
                type: "TEXT",
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
