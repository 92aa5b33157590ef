using System.Text.Json;
using Aims.Application.Http;
using Aims.Core.Identity;
using Aims.Core.Objectives;

namespace Aims.Application.Objectives;

/// <summary>The AI objective and monitoring endpoints (6.2, 9.1), declared once; both hosts serve exactly these.</summary>
public static class ObjectiveEndpoints
{
    /// <summary>Routes (relative to /api), one constant per endpoint, named as its function; the Functions triggers use the same constants.</summary>
    public static class Routes
    {
        public const string ListObjectives = "objectives";
        public const string CreateObjective = "objectives";
        public const string GetObjective = "objectives/{id}";
        public const string UpdateObjective = "objectives/{id}";
        public const string RetireObjective = "objectives/{id}/retire";
        public const string RecordMeasurement = "objectives/{id}/measurements";
        public const string PostMonitoringSignal = "monitoring/signals";
    }

    private static readonly EndpointAccess Setters = EndpointAccess.Require([AimsRole.AimsManager], "set AI objectives");

    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        Declare.Get<ListObjectivesHandler>(nameof(Routes.ListObjectives), Routes.ListObjectives, EndpointAccess.Require(ObjectiveAccess.Readers, "read AI objectives"))
            .Describe("Every objective with its latest value and open breach."),
        Declare.Post<CreateObjectiveHandler, ObjectiveRequest>(nameof(Routes.CreateObjective), Routes.CreateObjective, Setters)
            .Describe("Sets an AI objective."),
        Declare.Get<GetObjectiveHandler>(nameof(Routes.GetObjective), Routes.GetObjective, EndpointAccess.Require(ObjectiveAccess.Readers, "read AI objectives"))
            .Describe("One objective and its latest 100 measurements."),
        Declare.Put<UpdateObjectiveHandler, ObjectiveRequest>(nameof(Routes.UpdateObjective), Routes.UpdateObjective, Setters)
            .Describe("Changes an objective (If-Match honoured)."),
        Declare.Post<RetireObjectiveHandler>(nameof(Routes.RetireObjective), Routes.RetireObjective, Setters)
            .Describe("Retires an objective."),
        Declare.Post<RecordMeasurementHandler, MeasurementRequest>(nameof(Routes.RecordMeasurement), Routes.RecordMeasurement, EndpointAccess.SignedIn)
            .Describe("Records a manual measurement (the objective's owner or an AIMS manager)."),
        Declare.Post<PostMonitoringSignalHandler, JsonElement>(nameof(Routes.PostMonitoringSignal), Routes.PostMonitoringSignal,
                EndpointAccess.AppRoleOr(PostMonitoringSignalHandler.AppRole, [AimsRole.AimsManager], "post monitoring signals"))
            .WithMaxBody(MonitoringSignalReader.MaxBodyBytes).Describe("A monitoring tool posts a measurement or an alert for an AI system."),
    ];
}
