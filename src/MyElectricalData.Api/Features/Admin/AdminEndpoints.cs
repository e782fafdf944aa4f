using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;

namespace MyElectricalData.Api.Features.Admin;

public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization().WithErrorResponses();
        AdminUsers.Map(group);
        AdminStats.Map(group);
        AdminRoles.Map(group.MapGroup("/roles").WithTags("Roles"));
        return app;
    }

    public static RouteHandlerBuilder RequirePermission(this RouteHandlerBuilder endpoint, string permission) =>
        endpoint.RequireAuthorization(Permissions.PolicyName(permission));
}
