using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MyElectricalData.Data.Database.Migrations
{
    /// <inheritdoc />
    public partial class ConsentBindingAndSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_enedis_consents_users_user_id",
                table: "enedis_consents");

            migrationBuilder.AddColumn<string>(
                name: "security_stamp",
                table: "users",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "consent_expires_at",
                table: "pdls",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "consent_granted_at",
                table: "pdls",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "user_id",
                table: "enedis_consents",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ended_at",
                table: "enedis_consents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "verified",
                table: "enedis_consents",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_enedis_consents_usage_point_id",
                table: "enedis_consents",
                column: "usage_point_id");

            migrationBuilder.AddForeignKey(
                name: "fk_enedis_consents_users_user_id",
                table: "enedis_consents",
                column: "user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            // Written by hand: every existing account gets its own stamp (sessions issued before carry none and end), and a
            // PDL that an earlier consent flow of the same user created stays readable; PDLs added by number wait for consent.
            migrationBuilder.Sql("UPDATE users SET security_stamp = md5(random()::text || id::text);");
            migrationBuilder.Sql(
                "UPDATE pdls p SET consent_granted_at = c.granted_at, consent_expires_at = c.expires_at " +
                "FROM (SELECT DISTINCT ON (user_id, usage_point_id) user_id, usage_point_id, granted_at, expires_at FROM enedis_consents " +
                "WHERE revoked_at IS NULL ORDER BY user_id, usage_point_id, granted_at DESC) c " +
                "WHERE c.user_id = p.user_id AND c.usage_point_id = p.usage_point_id;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_enedis_consents_users_user_id",
                table: "enedis_consents");

            migrationBuilder.DropIndex(
                name: "ix_enedis_consents_usage_point_id",
                table: "enedis_consents");

            migrationBuilder.DropColumn(
                name: "security_stamp",
                table: "users");

            migrationBuilder.DropColumn(
                name: "consent_expires_at",
                table: "pdls");

            migrationBuilder.DropColumn(
                name: "consent_granted_at",
                table: "pdls");

            migrationBuilder.DropColumn(
                name: "ended_at",
                table: "enedis_consents");

            migrationBuilder.DropColumn(
                name: "verified",
                table: "enedis_consents");

            migrationBuilder.AlterColumn<Guid>(
                name: "user_id",
                table: "enedis_consents",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.AddForeignKey(
                name: "fk_enedis_consents_users_user_id",
                table: "enedis_consents",
                column: "user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
