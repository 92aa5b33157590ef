namespace Aims.Core.Reviews;

/// <summary>
/// What a management review record needs before it is stored, each problem named by the label the form shows. A review is held
/// by top management: at least one attendee is a member of it. Every decision says what it decides: an opportunity (accepted
/// into an action or declined) or a change to the AIMS with the action that makes it.
/// </summary>
public static class ManagementReviewRules
{
    public const int MaxConclusion = 2000;
    public const int MaxDecision = 1000;
    public const int MaxAttendees = 50;

    /// <summary>Problems, keyed by the field, each message naming the field's label; empty when the record may be stored.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(
        DateOnly? heldOn,
        IReadOnlyCollection<string> attendees,
        ReviewJudgement? suitable,
        ReviewJudgement? adequate,
        ReviewJudgement? effective,
        string? conclusion,
        IReadOnlyList<ReviewDecisionInput> decisions,
        DateOnly digestDate,
        DateOnly today,
        IReadOnlyCollection<string> topManagement,
        IReadOnlyCollection<string> openOpportunities)
    {
        ArgumentNullException.ThrowIfNull(attendees);
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(topManagement);
        ArgumentNullException.ThrowIfNull(openOpportunities);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (heldOn is not { } held)
        {
            errors["heldOn"] = ["Date of the review: pick the date the review was held."];
        }
        else if (held < digestDate || held > today)
        {
            errors["heldOn"] = [$"Date of the review: between the digest's date ({digestDate:yyyy-MM-dd}) and today."];
        }

        if (attendees.Count == 0)
        {
            errors["attendees"] = ["Attendees: choose who attended the review."];
        }
        else if (attendees.Count > MaxAttendees)
        {
            errors["attendees"] = [$"Attendees: at most {MaxAttendees}."];
        }
        else if (!attendees.Any(a => topManagement.Contains(a, StringComparer.OrdinalIgnoreCase)))
        {
            errors["attendees"] = ["Attendees: a management review is held by top management; at least one attendee must be a member of it."];
        }

        if (suitable is null)
        {
            errors["suitable"] = ["Is the AIMS still suitable?: choose Yes, Partly or No."];
        }

        if (adequate is null)
        {
            errors["adequate"] = ["Is the AIMS adequate?: choose Yes, Partly or No."];
        }

        if (effective is null)
        {
            errors["effective"] = ["Is the AIMS effective?: choose Yes, Partly or No."];
        }

        if (string.IsNullOrWhiteSpace(conclusion))
        {
            errors["conclusion"] = ["Conclusion: write the review's conclusion on the AIMS."];
        }
        else if (conclusion.Length > MaxConclusion)
        {
            errors["conclusion"] = [$"Conclusion: at most {MaxConclusion} characters."];
        }

        for (var i = 0; i < decisions.Count; i++)
        {
            if (DecisionProblem(decisions[i], openOpportunities) is { } problem)
            {
                errors[decisions.Count == 1 ? "decision" : $"decisions[{i}]"] = [problem];
            }
        }

        return errors;
    }

    private static string? DecisionProblem(ReviewDecisionInput d, IReadOnlyCollection<string> openOpportunities)
    {
        var hasAction = !string.IsNullOrWhiteSpace(d.ActionText);
        if (string.IsNullOrWhiteSpace(d.Text))
        {
            return "Decision: write the decision.";
        }

        if (d.Text.Length > MaxDecision || (d.ActionText?.Length ?? 0) > MaxDecision)
        {
            return $"Decision: the decision and its action are at most {MaxDecision} characters each.";
        }

        if (d.Topic is null)
        {
            return "Decision is about: choose an improvement opportunity or a change to the AIMS.";
        }

        if (d.Topic == ReviewDecisionTopic.ImprovementOpportunity)
        {
            if (string.IsNullOrWhiteSpace(d.OpportunityId))
            {
                return "Opportunity: choose the opportunity for improvement this decision is about.";
            }

            if (!openOpportunities.Contains(d.OpportunityId, StringComparer.Ordinal))
            {
                return $"Opportunity: {d.OpportunityId} is not an open opportunity for improvement.";
            }

            if (d.Decline && hasAction)
            {
                return "Action: a declined opportunity has no action; the decision's text is the reason.";
            }

            if (!d.Decline && !hasAction)
            {
                return "Action: an accepted opportunity is carried out by an action; describe it, with an owner and a due date.";
            }
        }
        else if (!hasAction)
        {
            return "Action: a change to the AIMS is carried out by an action; describe it, with an owner and a due date.";
        }
        else if (!string.IsNullOrWhiteSpace(d.OpportunityId) || d.Decline)
        {
            return "Opportunity: a change to the AIMS is not an opportunity decision; leave the opportunity empty.";
        }

        if (hasAction && (string.IsNullOrWhiteSpace(d.ActionOwner) || d.ActionDue is null))
        {
            return "Action owner and Action due date: an action needs both.";
        }

        return null;
    }
}
