namespace Aims.Core.Risks;

public enum RiskCategory
{
    AlgorithmicBias,
    ModelDrift,
    AdversarialAttack,
    UnintendedBehaviour,
    Privacy,
    Security,
    Safety,
    TransparencyAndExplainability,
    Regulatory,
    ThirdParty,
}

public enum RiskSource
{
    Data,
    Model,
    Deployment,
    Use,
}

public enum TreatmentOption
{
    Avoid,
    Mitigate,
    Transfer,
    Accept,
}

/// <summary>Where a risk is in its approval workflow (clauses 6.1.3 and 8.3).</summary>
public enum ApprovalState
{
    Draft,
    Submitted,
    ChangesRequested,
    Approved,
    Rejected,
    AcceptancePendingTopManagement,
    Accepted,
    Expired,
}

/// <summary>One action of a treatment plan; who marked it done and when are set by the service, never taken from a client.</summary>
public sealed record TreatmentAction(string Description, string OwnerObjectId, DateOnly DueDate, bool Done = false)
{
    public DateTimeOffset? DoneAt { get; init; }

    public string? DoneBy { get; init; }
}

/// <summary>A decision taken on a risk, frozen as it was: who, in which role, on which rating, why.</summary>
public sealed record RiskDecision(
    string RequestId,
    ApprovalStage Stage,
    DecisionOutcome Outcome,
    string ActorObjectId,
    string ActorName,
    IReadOnlyList<string> ActorRoles,
    string? Comment,
    DateTimeOffset At,
    ApprovalState FromState,
    ApprovalState ToState,
    RiskRating ResidualAtDecision);

public enum ApprovalStage
{
    Submission,
    RiskOwner,
    TopManagement,
    System,
}

public enum DecisionOutcome
{
    Submitted,
    Approved,
    Rejected,
    ChangesRequested,
    Accepted,
    Expired,
    Reopened,
}

/// <summary>A likelihood and impact on 1-5 scales, with the score and level the matrix gives them.</summary>
public sealed record RiskRating(int Likelihood, int Impact, int Score, RiskLevel Level);

/// <summary>
/// An AI risk (clauses 6.1.2, 6.1.3, 8.2, 8.3) of one AI system, with its treatment and where it stands in approval.
/// Immutable: every change goes through <see cref="RiskWorkflow"/> or <see cref="RiskDraft"/> and yields a new value.
/// </summary>
public sealed record Risk
{
    public required string Id { get; init; }
    public required string AiSystemId { get; init; }
    public required string Title { get; init; }
    public string Description { get; init; } = string.Empty;
    public RiskCategory Category { get; init; }
    public RiskSource Source { get; init; }
    public int Likelihood { get; init; }
    public int Impact { get; init; }
    public TreatmentOption Treatment { get; init; }
    public string TreatmentPlan { get; init; } = string.Empty;
    public IReadOnlyList<TreatmentAction> Actions { get; init; } = [];
    public IReadOnlyList<string> Controls { get; init; } = [];
    public int ResidualLikelihood { get; init; }
    public int ResidualImpact { get; init; }
    public required string OwnerObjectId { get; init; }
    public DateOnly? NextReviewDate { get; init; }
    public ApprovalState State { get; init; } = ApprovalState.Draft;
    public string? SubmittedBy { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public IReadOnlyList<RiskDecision> Decisions { get; init; } = [];

    /// <summary>The risk owner's checks that the completed treatment worked (6.1.3, 8.3, 9.1), oldest first.</summary>
    public IReadOnlyList<EffectivenessCheck> EffectivenessChecks { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Increments with every change; cards carry it so a press on an old card is recognised.</summary>
    public int Revision { get; init; }

    public RiskRating Inherent(RiskMatrix matrix) => matrix.Rate(Likelihood, Impact);

    public RiskRating Residual(RiskMatrix matrix) => matrix.Rate(ResidualLikelihood, ResidualImpact);

    /// <summary>The approval of the risk owner in the current round, if any.</summary>
    public RiskDecision? OwnerApprovalThisRound =>
        Decisions.LastOrDefault(d => d.Outcome == DecisionOutcome.Submitted) is { } submitted
            ? Decisions.SkipWhile(d => d != submitted).LastOrDefault(d => d.Stage == ApprovalStage.RiskOwner && d.Outcome == DecisionOutcome.Approved)
            : null;
}
