using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace MyElectricalData.Data.Database.Migrations
{
    /// <inheritdoc />
    public partial class Accounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "permissions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    display_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    resource = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_permissions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "roles",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    display_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    is_system = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_roles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "role_permissions",
                columns: table => new
                {
                    permissions_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_role_permissions", x => new { x.permissions_id, x.role_id });
                    table.ForeignKey(
                        name: "fk_role_permissions_permissions_permissions_id",
                        column: x => x.permissions_id,
                        principalTable: "permissions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_role_permissions_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    password_hash = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    client_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    client_secret_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    client_secret_encrypted = table.Column<byte[]>(type: "bytea", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    email_verified = table.Column<bool>(type: "boolean", nullable: false),
                    debug_mode = table.Column<bool>(type: "boolean", nullable: false),
                    role_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                    table.ForeignKey(
                        name: "fk_users_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "enedis_consents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    usage_point_id = table.Column<string>(type: "character(14)", fixedLength: true, maxLength: 14, nullable: false),
                    granted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_enedis_consents", x => x.id);
                    table.ForeignKey(
                        name: "fk_enedis_consents_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pdls",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    usage_point_id = table.Column<string>(type: "character(14)", fixedLength: true, maxLength: 14, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    display_order = table.Column<int>(type: "integer", nullable: true),
                    subscribed_power = table.Column<int>(type: "integer", nullable: true),
                    offpeak_hours = table.Column<List<string>>(type: "text[]", nullable: true),
                    has_consumption = table.Column<bool>(type: "boolean", nullable: false),
                    has_production = table.Column<bool>(type: "boolean", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    activation_date = table.Column<DateOnly>(type: "date", nullable: true),
                    oldest_available_data_date = table.Column<DateOnly>(type: "date", nullable: true),
                    consent_revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pdls", x => x.id);
                    table.ForeignKey(
                        name: "fk_pdls_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_tokens",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    purpose = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_tokens", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "permissions",
                columns: new[] { "id", "display_name", "name", "resource" },
                values: new object[,]
                {
                    { new Guid("6f1c2a10-0000-4000-8000-000000000001"), "Tableau de bord admin", "admin_dashboard", "admin" },
                    { new Guid("6f1c2a10-0000-4000-8000-000000000002"), "Voir les utilisateurs", "users", "users" },
                    { new Guid("6f1c2a10-0000-4000-8000-000000000003"), "Modifier les utilisateurs", "users.edit", "users" },
                    { new Guid("6f1c2a10-0000-4000-8000-000000000004"), "Supprimer des utilisateurs", "users.delete", "users" },
                    { new Guid("6f1c2a10-0000-4000-8000-000000000005"), "Voir les journaux", "logs", "logs" },
                    { new Guid("6f1c2a10-0000-4000-8000-000000000006"), "Gérer les rôles", "roles", "roles" }
                });

            migrationBuilder.InsertData(
                table: "roles",
                columns: new[] { "id", "description", "display_name", "is_system", "name" },
                values: new object[,]
                {
                    { new Guid("6f1c2a10-0000-4000-8000-000000000101"), "Accès complet", "Administrateur", true, "admin" },
                    { new Guid("6f1c2a10-0000-4000-8000-000000000102"), "Gère les utilisateurs", "Modérateur", true, "moderator" },
                    { new Guid("6f1c2a10-0000-4000-8000-000000000103"), "Utilisateur standard", "Visiteur", true, "visitor" }
                });

            migrationBuilder.InsertData(
                table: "role_permissions",
                columns: new[] { "permissions_id", "role_id" },
                values: new object[,]
                {
                    { new Guid("6f1c2a10-0000-4000-8000-000000000001"), new Guid("6f1c2a10-0000-4000-8000-000000000101") },
                    { new Guid("6f1c2a10-0000-4000-8000-000000000001"), new Guid("6f1c2a10-0000-4000-8000-000000000102") },
                    { new Guid("6f1c2a10-0000-4000-8000-000000000002"), new Guid("6f1c2a10-0000-4000-8000-000000000101") },
                    { new Guid("6f1c2a10-0000-4000-8000-000000000002"), new Guid("6f1c2a10-0000-4000-8000-000000000102") },
                    { new Guid("6f1c2a10-0000-4000-8000-000000000003"), new Guid("6f1c2a10-0000-4000-8000-000000000101") },
                    { new Guid("6f1c2a10-0000-4000-8000-000000000003"), new Guid("6f1c2a10-0000-4000-8000-000000000102") },
                    { new Guid("6f1c2a10-0000-4000-8000-000000000004"), new Guid("6f1c2a10-0000-4000-8000-000000000101") },
                    { new Guid("6f1c2a10-0000-4000-8000-000000000005"), new Guid("6f1c2a10-0000-4000-8000-000000000101") },
                    { new Guid("6f1c2a10-0000-4000-8000-000000000005"), new Guid("6f1c2a10-0000-4000-8000-000000000102") },
                    { new Guid("6f1c2a10-0000-4000-8000-000000000006"), new Guid("6f1c2a10-0000-4000-8000-000000000101") }
                });

            migrationBuilder.CreateIndex(
                name: "ix_enedis_consents_user_id_usage_point_id",
                table: "enedis_consents",
                columns: new[] { "user_id", "usage_point_id" });

            migrationBuilder.CreateIndex(
                name: "ix_pdls_usage_point_id",
                table: "pdls",
                column: "usage_point_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_pdls_user_id",
                table: "pdls",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_permissions_name",
                table: "permissions",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_role_permissions_role_id",
                table: "role_permissions",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "ix_roles_name",
                table: "roles",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_user_tokens_token_hash",
                table: "user_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_user_tokens_user_id",
                table: "user_tokens",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_users_client_id",
                table: "users",
                column: "client_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_client_secret_hash",
                table: "users",
                column: "client_secret_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_email",
                table: "users",
                column: "email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_role_id",
                table: "users",
                column: "role_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "enedis_consents");

            migrationBuilder.DropTable(
                name: "pdls");

            migrationBuilder.DropTable(
                name: "role_permissions");

            migrationBuilder.DropTable(
                name: "user_tokens");

            migrationBuilder.DropTable(
                name: "permissions");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "roles");
        }
    }
}
