using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contrevue.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Events : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CollectiveId = table.Column<int>(type: "INTEGER", nullable: true),
                    LocalStart = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LocalEnd = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Recurrence = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Exceptions = table.Column<string>(type: "TEXT", maxLength: 1100, nullable: true),
                    FirstStartUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastEndUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Online = table.Column<bool>(type: "INTEGER", nullable: false),
                    OnlineUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    PlaceTerritoryKind = table.Column<int>(type: "INTEGER", nullable: true),
                    PlaceTerritoryCode = table.Column<string>(type: "TEXT", maxLength: 9, nullable: true),
                    TerritoryKind = table.Column<int>(type: "INTEGER", nullable: true),
                    TerritoryCode = table.Column<string>(type: "TEXT", maxLength: 9, nullable: true),
                    DepartementCode = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: true),
                    Approval = table.Column<bool>(type: "INTEGER", nullable: false),
                    Cancelled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_events_collectives_CollectiveId",
                        column: x => x.CollectiveId,
                        principalTable: "collectives",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "event_rsvps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConfirmedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EraseAfter = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RemindedFor = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_rsvps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_event_rsvps_events_EventId",
                        column: x => x.EventId,
                        principalTable: "events",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_event_rsvps_EraseAfter",
                table: "event_rsvps",
                column: "EraseAfter");

            migrationBuilder.CreateIndex(
                name: "IX_event_rsvps_EventId_Status",
                table: "event_rsvps",
                columns: new[] { "EventId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_event_rsvps_TokenHash",
                table: "event_rsvps",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_events_CollectiveId",
                table: "events",
                column: "CollectiveId");

            migrationBuilder.CreateIndex(
                name: "IX_events_DepartementCode",
                table: "events",
                column: "DepartementCode");

            migrationBuilder.CreateIndex(
                name: "IX_events_FirstStartUtc_LastEndUtc",
                table: "events",
                columns: new[] { "FirstStartUtc", "LastEndUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "event_rsvps");

            migrationBuilder.DropTable(
                name: "events");
        }
    }
}
