using MyElectricalData.Api.Infrastructure;
namespace MyElectricalData.Api.Features.Pdls;

public static class PdlsEndpoints
{
    public static IEndpointRouteBuilder MapPdls(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/pdl").WithTags("PDL").RequireAuthorization().WithErrorResponses();
        ListPdls.Map(group);
        CreatePdl.Map(group);
        ReorderPdls.Map(group);
        GetPdl.Map(group);
        DeletePdl.Map(group);
        UpdatePdl.Map(group);
        FetchContract.Map(group);
        return app;
    }
}
