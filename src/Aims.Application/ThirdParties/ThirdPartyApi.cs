using Aims.Application.Http;
using Aims.Core.Records;
using Aims.Core.ThirdParties;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.ThirdParties;

public sealed class ListThirdPartiesHandler(ThirdPartyService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var system = request.Query["systemId"].ToString().Trim();
        var items = new List<ThirdParty>();
        await foreach (var p in service.Store.ListValuesAsync(request.Aborted))
        {
            if (system.Length == 0 || p.SystemIds.Contains(system, StringComparer.OrdinalIgnoreCase))
            {
                items.Add(p);
            }
        }

        return ApiResults.Ok(new { items });
    }
}

public sealed class CreateThirdPartyHandler(ThirdPartyService service) : IEndpointHandler<ThirdPartyInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<ThirdPartyInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.SaveAsync(null, request.Body, null, request.Caller, request.Aborted), StatusCodes.Status201Created);
    }
}

public sealed class GetThirdPartyHandler(ThirdPartyService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.Store.GetAsync(request.Id, request.Aborted) ?? throw new KeyNotFoundException($"No supplier or customer '{request.Id}'."));
    }
}

public sealed class UpdateThirdPartyHandler(ThirdPartyService service) : IEndpointHandler<ThirdPartyInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<ThirdPartyInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.SaveAsync(request.Id, request.Body, request.IfMatch, request.Caller, request.Aborted));
    }
}

public sealed class AssessSupplierHandler(ThirdPartyService service) : IEndpointHandler<SupplierAssessmentInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<SupplierAssessmentInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.AssessAsync(request.Id, request.Body, request.Caller, request.Aborted), StatusCodes.Status201Created);
    }
}
