using Aims.Application.Http;
using Aims.Core.Data;
using Aims.Core.Records;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Data;

public sealed class ListDatasetsHandler(DatasetService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var system = request.Query["systemId"].ToString().Trim();
        var items = new List<Dataset>();
        await foreach (var d in service.Store.ListValuesAsync(request.Aborted))
        {
            if (system.Length == 0 || d.SystemIds.Contains(system, StringComparer.OrdinalIgnoreCase))
            {
                items.Add(d);
            }
        }

        return ApiResults.Ok(new { items });
    }
}

public sealed class CreateDatasetHandler(DatasetService service) : IEndpointHandler<DatasetInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<DatasetInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.SaveAsync(null, request.Body, null, request.Caller, request.Aborted), StatusCodes.Status201Created);
    }
}

public sealed class GetDatasetHandler(DatasetService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.Store.GetAsync(request.Id, request.Aborted) ?? throw new KeyNotFoundException($"No dataset '{request.Id}'."));
    }
}

public sealed class UpdateDatasetHandler(DatasetService service) : IEndpointHandler<DatasetInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<DatasetInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.SaveAsync(request.Id, request.Body, request.IfMatch, request.Caller, request.Aborted));
    }
}

public sealed class AddQualityCheckHandler(DatasetService service) : IEndpointHandler<QualityCheckInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<QualityCheckInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.AddQualityCheckAsync(request.Id, request.Body, request.Caller, request.Aborted), StatusCodes.Status201Created);
    }
}
