using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Contrevue.Data.Postgres.Migrations
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CollectiveId = table.Column<int>(type: "integer", nullable: true),
                    LocalStart = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    LocalEnd = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Recurrence = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Exceptions = table.Column<string>(type: "character varying(1100)", maxLength: 1100, nullable: true),
                    FirstStartUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastEndUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Online = table.Column<bool>(type: "boolean", nullable: false),
                    OnlineUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    PlaceTerritoryKind = table.Column<int>(type: "integer", nullable: true),
                    PlaceTerritoryCode = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    TerritoryKind = table.Column<int>(type: "integer", nullable: true),
                    TerritoryCode = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    DepartementCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    Description = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    Capacity = table.Column<int>(type: "integer", nullable: true),
                    Approval = table.Column<bool>(type: "boolean", nullable: false),
                    Cancelled = table.Column<bool>(type: "boolean", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EventId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ConfirmedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EraseAfter = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RemindedFor = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
