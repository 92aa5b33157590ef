using Aims.Core.Register;

namespace Aims.Core.Lifecycle;

/// <summary>
/// What a gate's criteria are checked against, read from the registers at the moment of the check: the system, its attached
/// documents, its latest approved impact assessment (and why it is overdue for review, if it is), its untreated High-or-above risks and the latest approved SoA version.
/// </summary>
public sealed record GateFacts(
    AiSystem System,
    IReadOnlyDictionary<LifecycleArtefactPurpose, ApprovedDocumentFact> Artefacts,
    string? ApprovedAssessmentId,
    DateTimeOffset? AssessmentApprovedAt,
    IReadOnlyList<string> UntreatedHighRiskIds,
    int? ApprovedSoaVersion,
    string? AssessmentReviewOverdue = null);
