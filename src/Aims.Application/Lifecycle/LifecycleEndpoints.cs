using Aims.Application.Http;
using Aims.Application.Register;

namespace Aims.Application.Lifecycle;

/// <summary>The AI system life cycle endpoints (A.6.2 gates, attached documents), declared once; both hosts serve exactly these.</summary>
public static class LifecycleEndpoints
{
    /// <summary>Routes (relative to /api), one constant per endpoint, named as its function; the Functions triggers use the same constants.</summary>
    public static class Routes
    {
        public const string GetGateStatus = "systems/{id}/gate";
        public const string RequestGate = "systems/{id}/gate-requests";
        public const string SetSystemArtefact = "systems/{id}/artefacts/{purpose}";
        public const string ListGateRequests = "gate-requests";
        public const string GetGateRequest = "gate-requests/{id}";
        public const string DecideGate = "gate-requests/{id}/decisions";
    }

    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        Declare.Get<GetGateStatusHandler>(nameof(Routes.GetGateStatus), Routes.GetGateStatus, EndpointAccess.Require(RegisterApi.Readers, "read the AI system register"))
            .Describe("The system's stage, its next gate's criteria as they are now, and the open gate request."),
        Declare.Post<RequestGateHandler, GateRequestInput>(nameof(Routes.RequestGate), Routes.RequestGate, EndpointAccess.Require(RegisterApi.Readers, "request life cycle gates"))
            .Describe("Asks the system's gate approver to move it to the next stage (its owner or an AIMS manager)."),
        Declare.Put<SetSystemArtefactHandler, SystemArtefactInput>(nameof(Routes.SetSystemArtefact), Routes.SetSystemArtefact, EndpointAccess.Require(RegisterApi.Readers, "attach documents to AI systems"))
            .Describe("Names a controlled document as the system's requirements, design documentation, verification report, deployment plan or retirement plan."),
        Declare.Get<ListGateRequestsHandler>(nameof(Routes.ListGateRequests), Routes.ListGateRequests, EndpointAccess.Require(RegisterApi.Readers, "read the AI system register"))
            .Describe("Gate requests, newest first (?systemId=)."),
        Declare.Get<GetGateRequestHandler>(nameof(Routes.GetGateRequest), Routes.GetGateRequest, EndpointAccess.Require(RegisterApi.Readers, "read the AI system register"))
            .Describe("One gate request with its criteria (as now while it waits, as at the decision after)."),
        Declare.Post<DecideGateHandler, GateDecisionInput>(nameof(Routes.DecideGate), Routes.DecideGate, EndpointAccess.SignedIn)
            .Describe("Approves or rejects a gate (its gate approver only; same rules as the card)."),
    ];
}
