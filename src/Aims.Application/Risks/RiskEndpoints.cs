using Aims.Application.Http;
using Aims.Core.Identity;
using Aims.Core.Risks;

namespace Aims.Application.Risks;

/// <summary>The risk register and impact assessment endpoints, declared once; both hosts serve exactly these.</summary>
public static class RiskEndpoints
{
    /// <summary>Routes (relative to /api), one constant per endpoint, named as its function; the Functions triggers use the same constants.</summary>
    public static class Routes
    {
        public const string ListRisks = "risks";
        public const string CreateRisk = "risks";
        public const string ExportRisks = "risks/export";
        public const string ImportRisks = "risks/import";
        public const string GetRiskHeatmap = "risks/heatmap";
        public const string GetRisk = "risks/{id}";
        public const string UpdateRisk = "risks/{id}";
        public const string SubmitRisk = "risks/{id}/submit";
        public const string DecideRisk = "risks/{id}/decisions";
        public const string CompleteRiskAction = "risks/{id}/actions/{index}/complete";
        public const string RecordRiskEffectiveness = "risks/{id}/effectiveness-checks";
        public const string ListImpactAssessments = "impact-assessments";
        public const string CreateImpactAssessment = "impact-assessments";
        public const string UpdateImpactAssessment = "impact-assessments/{id}";
        public const string NewImpactAssessmentVersion = "impact-assessments/{id}/versions";
        public const string SubmitImpactAssessment = "impact-assessments/{id}/submit";
        public const string DecideImpactAssessment = "impact-assessments/{id}/decisions";
        public const string ReviewImpactAssessment = "impact-assessments/{id}/reviews";
    }

    private static readonly AimsRole[] Assessors = [AimsRole.AimsManager, AimsRole.RiskOwner];

    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        Declare.Get<ListRisksHandler>(nameof(Routes.ListRisks), Routes.ListRisks, EndpointAccess.Require(RiskService.Readers, "read the risk register"))
            .Describe("The risk register, filtered by state, AI system or owner, paged."),
        Declare.Post<CreateRiskHandler, RiskInput>(nameof(Routes.CreateRisk), Routes.CreateRisk, EndpointAccess.Require(RiskWorkflow.Submitters, "create risks"))
            .Describe("Adds a risk (a draft)."),
        Declare.Get<ExportRisksHandler>(nameof(Routes.ExportRisks), Routes.ExportRisks, EndpointAccess.Require([AimsRole.AimsManager, AimsRole.Auditor, AimsRole.TopManagement], "export the risk register"))
            .Describe("The register as CSV (formula-safe)."),
        Declare.Post<ImportRisksHandler>(nameof(Routes.ImportRisks), Routes.ImportRisks, EndpointAccess.Require(RiskWorkflow.Submitters, "import risks"))
            .StreamedBody("text/csv").WithMaxBody(ImportRisksHandler.MaxBytes).Describe("Imports risks from CSV (?mode=dry-run|apply&partial=false)."),
        Declare.Get<RiskHeatmapHandler>(nameof(Routes.GetRiskHeatmap), Routes.GetRiskHeatmap, EndpointAccess.Require(RiskService.Readers, "read the risk register"))
            .Describe("The register counted per cell of the 5x5 matrix, inherent and residual, with each cell's level."),
        Declare.Get<GetRiskHandler>(nameof(Routes.GetRisk), Routes.GetRisk, EndpointAccess.Require(RiskService.Readers, "read the risk register"))
            .Describe("One risk with its ratings; its version in the ETag header."),
        Declare.Put<UpdateRiskHandler, RiskInput>(nameof(Routes.UpdateRisk), Routes.UpdateRisk, EndpointAccess.Require(RiskWorkflow.Submitters, "edit risks"))
            .IfMatchRequired().Describe("Replaces a risk (If-Match required)."),
        Declare.Post<SubmitRiskHandler>(nameof(Routes.SubmitRisk), Routes.SubmitRisk, EndpointAccess.Require(RiskWorkflow.Submitters, "submit risks"))
            .Describe("Submits a risk for approval (X-Request-Id makes a retry idempotent)."),
        Declare.Post<DecideRiskHandler, DecisionInput>(nameof(Routes.DecideRisk), Routes.DecideRisk, EndpointAccess.Require([AimsRole.RiskOwner, AimsRole.TopManagement], "decide on risks"))
            .Describe("Approves, rejects or sends back a risk (the API twin of the card buttons)."),
        // Signed in only: an action's owner need hold no AIMS role; the service allows the action owner, the risk owner or an AIMS manager.
        Declare.Post<CompleteRiskActionHandler>(nameof(Routes.CompleteRiskAction), Routes.CompleteRiskAction, EndpointAccess.SignedIn)
            .Describe("Marks a treatment action done (index from 0); the risk's approval stands."),
        Declare.Post<RecordRiskEffectivenessHandler, EffectivenessCheckInput>(nameof(Routes.RecordRiskEffectiveness), Routes.RecordRiskEffectiveness, EndpointAccess.Require([AimsRole.RiskOwner], "record effectiveness checks"))
            .Describe("The risk owner's effectiveness check once every action is done: residual re-rated, a note, evidence ids (X-Request-Id makes a retry idempotent)."),
        Declare.Get<ListImpactAssessmentsHandler>(nameof(Routes.ListImpactAssessments), Routes.ListImpactAssessments, EndpointAccess.Require(RiskService.Readers, "read impact assessments"))
            .Describe("Impact assessments, optionally of one AI system (?aiSystemId=)."),
        Declare.Post<CreateImpactAssessmentHandler, ImpactAssessmentInput>(nameof(Routes.CreateImpactAssessment), Routes.CreateImpactAssessment, EndpointAccess.Require(Assessors, "create impact assessments"))
            .Describe("Adds an impact assessment (A.5)."),
        Declare.Put<UpdateImpactAssessmentHandler, ImpactAssessmentInput>(nameof(Routes.UpdateImpactAssessment), Routes.UpdateImpactAssessment, EndpointAccess.Require(Assessors, "edit impact assessments"))
            .Describe("Edits a draft or rejected assessment (its author or an AIMS manager; If-Match honoured)."),
        Declare.Post<NewImpactAssessmentVersionHandler>(nameof(Routes.NewImpactAssessmentVersion), Routes.NewImpactAssessmentVersion, EndpointAccess.Require(Assessors, "start impact assessment versions"))
            .Describe("Starts the next version of an approved assessment from its content; the approved one stays frozen."),
        Declare.Post<SubmitImpactAssessmentHandler>(nameof(Routes.SubmitImpactAssessment), Routes.SubmitImpactAssessment, EndpointAccess.Require(Assessors, "submit impact assessments"))
            .Describe("Submits an impact assessment for a decision."),
        Declare.Post<DecideImpactAssessmentHandler, AssessmentDecisionInput>(nameof(Routes.DecideImpactAssessment), Routes.DecideImpactAssessment, EndpointAccess.Require([AimsRole.AimsManager, AimsRole.TopManagement], "decide on impact assessments"))
            .Describe("Approves or rejects an impact assessment."),
        Declare.Post<ReviewImpactAssessmentHandler, AssessmentReviewInput>(nameof(Routes.ReviewImpactAssessment), Routes.ReviewImpactAssessment, EndpointAccess.Require([AimsRole.AimsManager, AimsRole.TopManagement], "re-assess impact assessments"))
            .Describe("Records that the latest approved assessment was re-assessed and stays valid (reason, next review date), by an independent reviewer; completes the review that asked for it."),
    ];
}
