using Aims.Application.Incidents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>
/// Incident communication HTTP triggers (A.8.4). Name and route come from <see cref="IncidentCommunicationEndpoints.Routes"/>, the handler from the declaration in <see cref="IncidentCommunicationEndpoints.All"/>:
/// each trigger only dispatches by its function name (HostParityTests checks the method too).
/// </summary>
public sealed class IncidentCommunicationFunctions
{
    [Function(nameof(IncidentCommunicationEndpoints.Routes.ListIncidentCommunications))]
    public Task<IActionResult> ListIncidentCommunications([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = IncidentCommunicationEndpoints.Routes.ListIncidentCommunications)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(IncidentCommunicationEndpoints.Routes.RecordIncidentCommunication))]
    public Task<IActionResult> RecordIncidentCommunication([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = IncidentCommunicationEndpoints.Routes.RecordIncidentCommunication)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);
}
