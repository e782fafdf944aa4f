using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MyElectricalData.Data.Database.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "service_heartbeats",
                columns: table => new
                {
                    instance_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    service = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    beat_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_heartbeats", x => x.instance_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_service_heartbeats_service_beat_at",
                table: "service_heartbeats",
                columns: new[] { "service", "beat_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "service_heartbeats");
        }
    }
}
