using FastEndpoints;
using MyElectricalData.Api.Infrastructure;

namespace MyElectricalData.Api.Features.Admin;

/// <summary><c>/api/admin</c>: account administration. Never exposes secrets or meter data: counts and flags only.</summary>
public sealed class AdminGroup : Group
{
    public AdminGroup() => Configure("/api/admin", endpoint => endpoint.Description(builder => builder.WithTags("Admin").WithErrorResponses()));
}

/// <summary><c>/api/admin/roles</c> (each route names its path under <c>/api/admin</c>): roles and their permissions. The seeded (system) roles are immutable.</summary>
public sealed class RolesGroup : Group
{
    public RolesGroup() => Configure("/api/admin", endpoint => endpoint.Description(builder => builder.WithTags("Admin", "Roles").WithErrorResponses()));
}

/// <summary>A route about one account, by its id.</summary>
public class UserRequest
{
    public Guid Id { get; init; }
}

/// <summary>A route about one role, by its id.</summary>
public class RoleRequest
{
    public Guid Id { get; init; }
}
