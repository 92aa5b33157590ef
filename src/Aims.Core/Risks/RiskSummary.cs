namespace Aims.Core.Risks;

/// <summary>
/// The figures a whole-register count needs from one risk (the management-review digest, the heatmap): ratings, state, the
/// next review date, the due dates of open treatment actions and when decisions were taken. Reading these rather than every
/// risk's document keeps a count over 100,000 risks to a few columns per row.
/// </summary>
public sealed record RiskSummary(
    string Id,
    string AiSystemId,
    ApprovalState State,
    int Likelihood,
    int Impact,
    int ResidualLikelihood,
    int ResidualImpact,
    DateOnly? NextReviewDate,
    IReadOnlyList<DateOnly> OpenActionDueDates,
    IReadOnlyList<DateTimeOffset> DecisionTimes)
{
    /// <summary>The summary of <paramref name="risk"/>; <see cref="DecisionTimes"/> leaves submissions out (they are not decisions).</summary>
    public static RiskSummary Of(Risk risk)
    {
        ArgumentNullException.ThrowIfNull(risk);
        return new RiskSummary(
            risk.Id,
            risk.AiSystemId,
            risk.State,
            risk.Likelihood,
            risk.Impact,
            risk.ResidualLikelihood,
            risk.ResidualImpact,
            risk.NextReviewDate,
            [.. risk.Actions.Where(a => !a.Done).Select(a => a.DueDate)],
            [.. risk.Decisions.Where(d => d.Outcome != DecisionOutcome.Submitted).Select(d => d.At)]);
    }
}
