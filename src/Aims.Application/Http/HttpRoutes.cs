using Microsoft.AspNetCore.Http;

namespace Aims.Application.Http;

/// <summary>An HTTP handler shared by both hosts: the Functions app adapts a trigger to it, the DevHost maps a route to it.</summary>
public interface IHttpHandler
{
    Task<IResult> HandleAsync(HttpContext context);
}

/// <summary>One HTTP route of the app. Routes are relative to <c>/api</c>, as Functions serves them.</summary>
public sealed record HttpRoute(string FunctionName, string Method, string Template, Type Handler);

/// <summary>
/// Every HTTP route the app serves. The DevHost maps exactly these; a test checks the Functions app declares a trigger for each,
/// so the two hosts cannot drift.
/// </summary>
public static class HttpRoutes
{
    public static IReadOnlyList<HttpRoute> All { get; } =
    [
        new("Health", "GET", "health", typeof(Apis.HealthHandler)),
        new("Messages", "POST", "messages", typeof(Apis.MessagesHandler)),
        new("SendNotification", "POST", "notifications", typeof(Proactive.NotificationsHandler)),
        new("ListEvidence", "GET", "evidence", typeof(Evidence.ListEvidenceHandler)),
        new("VerifyEvidence", "GET", "evidence/verify", typeof(Evidence.VerifyEvidenceHandler)),
        new("GetEvidence", "GET", "evidence/{id}", typeof(Evidence.GetEvidenceHandler)),
        new("GetEvidencePayload", "GET", "evidence/{id}/payload", typeof(Evidence.GetEvidencePayloadHandler)),
        new("ExportAuditPack", "GET", "audit-pack", typeof(Evidence.AuditPackHandler)),
        new("GetCatalog", "GET", "catalog", typeof(Register.CatalogHandler)),
        new("ListSystems", "GET", "systems", typeof(Register.ListSystemsHandler)),
        new("CreateSystem", "POST", "systems", typeof(Register.CreateSystemHandler)),
        new("ExportSystems", "GET", "systems/export", typeof(Register.ExportSystemsHandler)),
        new("ImportSystems", "POST", "systems/import", typeof(Register.ImportSystemsHandler)),
        new("GetSystem", "GET", "systems/{id}", typeof(Register.GetSystemHandler)),
        new("UpdateSystem", "PUT", "systems/{id}", typeof(Register.UpdateSystemHandler)),
        new("RetireSystem", "POST", "systems/{id}/retire", typeof(Register.RetireSystemHandler)),
        new("GetSoa", "GET", "soa", typeof(Register.GetSoaHandler)),
        new("ApproveSoa", "POST", "soa/approve", typeof(Register.ApproveSoaHandler)),
        new("ListSoaVersions", "GET", "soa/versions", typeof(Register.ListSoaVersionsHandler)),
        new("ExportSoa", "GET", "soa/export", typeof(Register.ExportSoaHandler)),
        new("UpdateSoaEntry", "PUT", "soa/{controlId}", typeof(Register.UpdateSoaEntryHandler)),
        new("GetGaps", "GET", "gaps", typeof(Register.GapsHandler)),
        new("ListRisks", "GET", "risks", typeof(Risks.ListRisksHandler)),
        new("CreateRisk", "POST", "risks", typeof(Risks.CreateRiskHandler)),
        new("ExportRisks", "GET", "risks/export", typeof(Risks.ExportRisksHandler)),
        new("GetRisk", "GET", "risks/{id}", typeof(Risks.GetRiskHandler)),
        new("UpdateRisk", "PUT", "risks/{id}", typeof(Risks.UpdateRiskHandler)),
        new("SubmitRisk", "POST", "risks/{id}/submit", typeof(Risks.SubmitRiskHandler)),
        new("DecideRisk", "POST", "risks/{id}/decisions", typeof(Risks.DecideRiskHandler)),
        new("ImportRisks", "POST", "risks/import", typeof(Risks.ImportRisksHandler)),
        new("ListImpactAssessments", "GET", "impact-assessments", typeof(Risks.ListImpactAssessmentsHandler)),
        new("CreateImpactAssessment", "POST", "impact-assessments", typeof(Risks.CreateImpactAssessmentHandler)),
        new("SubmitImpactAssessment", "POST", "impact-assessments/{id}/submit", typeof(Risks.SubmitImpactAssessmentHandler)),
        new("DecideImpactAssessment", "POST", "impact-assessments/{id}/decisions", typeof(Risks.DecideImpactAssessmentHandler)),
        new("CreateCampaign", "POST", "campaigns", typeof(Training.CreateCampaignHandler)),
        new("ListCampaigns", "GET", "campaigns", typeof(Training.ListCampaignsHandler)),
        new("GetCampaign", "GET", "campaigns/{id}", typeof(Training.GetCampaignHandler)),
        new("LaunchCampaign", "POST", "campaigns/{id}/launch", typeof(Training.LaunchCampaignHandler)),
        new("RepublishCampaign", "POST", "campaigns/{id}/republish", typeof(Training.RepublishCampaignHandler)),
        new("GetCampaignStatus", "GET", "campaigns/{id}/status", typeof(Training.CampaignStatusHandler)),
        new("ExportCampaign", "GET", "campaigns/{id}/export", typeof(Training.ExportCampaignHandler)),
        new("SendManagementReview", "POST", "management-reviews", typeof(Reviews.SendManagementReviewHandler)),
        new("AddImprovementOpportunity", "POST", "management-reviews/opportunities", typeof(Reviews.AddOpportunityHandler)),
        new("CompleteReviewAction", "POST", "management-reviews/actions/{id}/complete", typeof(Reviews.CompleteReviewActionHandler)),
        new("ListReviewCycles", "GET", "review-cycles", typeof(Reviews.ListReviewCyclesHandler)),
        new("CreateReviewCycle", "POST", "review-cycles", typeof(Reviews.CreateReviewCycleHandler)),
        new("ListReviewTasks", "GET", "review-cycles/{id}/tasks", typeof(Reviews.ListReviewTasksHandler)),
        new("ListInternalAudits", "GET", "internal-audits", typeof(Reviews.ListInternalAuditsHandler)),
        new("PlanInternalAudit", "POST", "internal-audits", typeof(Reviews.PlanInternalAuditHandler)),
        new("RecordAuditFinding", "POST", "internal-audits/{id}/findings", typeof(Reviews.RecordAuditFindingHandler)),
        new("CompleteInternalAudit", "POST", "internal-audits/{id}/complete", typeof(Reviews.CompleteInternalAuditHandler)),
        new("ListReports", "GET", "reports", typeof(Reports.ListReportsHandler)),
        new("UpdateReport", "PUT", "reports/{id}", typeof(Reports.UpdateReportHandler)),
        new("GetContext", "GET", "context", typeof(Context.GetContextHandler)),
        new("ListContextChanges", "GET", "context/changes", typeof(Context.ListContextChangesHandler)),
        new("CreateContextIssue", "POST", "context/issues", typeof(Context.CreateContextIssueHandler)),
        new("UpdateContextIssue", "PUT", "context/issues/{id}", typeof(Context.UpdateContextIssueHandler)),
        new("CreateInterestedParty", "POST", "context/parties", typeof(Context.CreateInterestedPartyHandler)),
        new("UpdateInterestedParty", "PUT", "context/parties/{id}", typeof(Context.UpdateInterestedPartyHandler)),
        new("UpdateScope", "PUT", "context/scope", typeof(Context.UpdateScopeHandler)),
        new("ListObjectives", "GET", "objectives", typeof(Objectives.ListObjectivesHandler)),
        new("CreateObjective", "POST", "objectives", typeof(Objectives.CreateObjectiveHandler)),
        new("GetObjective", "GET", "objectives/{id}", typeof(Objectives.GetObjectiveHandler)),
        new("UpdateObjective", "PUT", "objectives/{id}", typeof(Objectives.UpdateObjectiveHandler)),
        new("RetireObjective", "POST", "objectives/{id}/retire", typeof(Objectives.RetireObjectiveHandler)),
        new("RecordMeasurement", "POST", "objectives/{id}/measurements", typeof(Objectives.RecordMeasurementHandler)),
        new("PostMonitoringSignal", "POST", "monitoring/signals", typeof(Objectives.PostMonitoringSignalHandler)),
        new("ListDocuments", "GET", "documents", typeof(Documents.ListDocumentsHandler)),
        new("CreateDocument", "POST", "documents", typeof(Documents.CreateDocumentHandler)),
        new("GetDocument", "GET", "documents/{id}", typeof(Documents.GetDocumentHandler)),
        new("UpdateDocument", "PUT", "documents/{id}", typeof(Documents.UpdateDocumentHandler)),
        new("AddDocumentVersion", "POST", "documents/{id}/versions", typeof(Documents.AddDocumentVersionHandler)),
        new("GetDocumentFile", "GET", "documents/{id}/versions/{version}/file", typeof(Documents.GetDocumentFileHandler)),
        new("SubmitDocumentVersion", "POST", "documents/{id}/versions/{version}/submit", typeof(Documents.SubmitDocumentVersionHandler)),
        new("DecideDocument", "POST", "documents/{id}/decisions", typeof(Documents.DecideDocumentHandler)),
        new("ReviewDocument", "POST", "documents/{id}/review", typeof(Documents.ReviewDocumentHandler)),
    ];
}
