namespace Aims.Core.Risks;

/// <summary>
/// The risk owner's check, once every treatment action is done, that the treatment worked: the residual rating re-rated
/// against what was approved, a note and the evidence looked at.
/// </summary>
public sealed record EffectivenessCheck(
    string RequestId,
    DateTimeOffset At,
    string ActorObjectId,
    string ActorName,
    RiskRating ResidualBefore,
    RiskRating ResidualAfter,
    string Note,
    IReadOnlyList<string> EvidenceIds,
    bool Effective);
