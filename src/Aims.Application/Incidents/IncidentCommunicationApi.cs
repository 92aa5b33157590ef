using Aims.Application.Http;
using Aims.Core.Incidents;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Incidents;

public sealed class ListIncidentCommunicationsHandler(IncidentCommunicationService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Ok(new { items = await service.ListAsync(request.Id, request.Aborted) });
    }
}

public sealed class RecordIncidentCommunicationHandler(IncidentCommunicationService service) : IEndpointHandler<IncidentCommunicationInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<IncidentCommunicationInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Saved(await service.RecordAsync(request.Id, request.Body, request.Caller, request.Aborted), StatusCodes.Status201Created);
    }
}
