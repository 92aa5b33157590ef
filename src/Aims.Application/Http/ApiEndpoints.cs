namespace Aims.Application.Http;

/// <summary>
/// Every endpoint the app serves, gathered from the capabilities' declarations. The DevHost maps exactly these; a test checks the
/// Functions app has a trigger for each with the same method and route, so the two hosts cannot drift.
/// </summary>
public static class ApiEndpoints
{
    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        .. Apis.HostEndpoints.All,
        .. Evidence.EvidenceEndpoints.All,
        .. Register.RegisterEndpoints.All,
        .. Risks.RiskEndpoints.All,
        .. Training.TrainingEndpoints.All,
        .. Reviews.ReviewEndpoints.All,
        .. Reports.ReportEndpoints.All,
        .. Context.ContextEndpoints.All,
        .. Objectives.ObjectiveEndpoints.All,
        .. Documents.DocumentEndpoints.All,
        .. Lifecycle.LifecycleEndpoints.All,
        .. Data.DatasetEndpoints.All,
        .. ThirdParties.ThirdPartyEndpoints.All,
        .. Incidents.IncidentCommunicationEndpoints.All,
        .. Workspace.WorkspaceEndpoints.All,
    ];

    /// <summary>The declaration of a function name (what a Functions trigger dispatches by).</summary>
    public static ApiEndpoint ByName(string name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal)) ?? throw new KeyNotFoundException($"No endpoint is declared for the function '{name}'.");
}
