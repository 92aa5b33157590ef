using Aims.Application.Http;
using Aims.Application.Register;
using Aims.Core.Identity;
using Aims.Core.Incidents;

namespace Aims.Application.Incidents;

/// <summary>The incident communication endpoints (A.8.4), declared once; both hosts serve exactly these.</summary>
public static class IncidentCommunicationEndpoints
{
    /// <summary>Routes (relative to /api), one constant per endpoint, named as its function; the Functions triggers use the same constants.</summary>
    public static class Routes
    {
        public const string ListIncidentCommunications = "systems/{id}/incident-communications";
        public const string RecordIncidentCommunication = "systems/{id}/incident-communications";
    }

    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        Declare.Get<ListIncidentCommunicationsHandler>(nameof(Routes.ListIncidentCommunications), Routes.ListIncidentCommunications, EndpointAccess.Require(RegisterApi.Readers, "read incident communications"))
            .Describe("Every communication of an incident of the AI system to interested parties, newest first (A.8.4)."),
        Declare.Post<RecordIncidentCommunicationHandler, IncidentCommunicationInput>(nameof(Routes.RecordIncidentCommunication), Routes.RecordIncidentCommunication, EndpointAccess.Require([AimsRole.AimsManager, AimsRole.RiskOwner], "record incident communications"))
            .Describe("Records that an incident was communicated: the incident and its report, who was informed, when, by what channel, what was said, by whom (the system's owner or an AIMS manager)."),
    ];
}
