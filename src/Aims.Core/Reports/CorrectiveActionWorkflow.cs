using Aims.Core.Identity;

namespace Aims.Core.Reports;

/// <summary>
/// The 10.2 steps on a report: correction, corrective action with root cause, owner and due date, its completion, the check for
/// similar nonconformities, and closure by an effectiveness review of someone other than who recorded the corrective action.
/// Each method answers the changed report or throws <see cref="CorrectiveActionRefusedException"/> naming why.
/// </summary>
public static class CorrectiveActionWorkflow
{
    public const int MaxText = 4000;
    public const int MaxReviewed = 100;

    public static NonconformityReport RecordCorrection(NonconformityReport report, Actor actor, string description, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(actor);
        RequireOpen(report);
        return report with { Correction = new Correction(description.Trim(), actor.ObjectId, actor.DisplayName, now), UpdatedAt = now };
    }

    public static NonconformityReport RecordCorrectiveAction(NonconformityReport report, Actor actor, string rootCause, string description, string ownerObjectId, DateOnly dueDate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(actor);
        RequireOpen(report);
        if (report.CorrectiveActionRecord?.CompletedAt is not null)
        {
            throw new CorrectiveActionRefusedException($"The corrective action of {report.Id} is already completed; review its effectiveness instead.");
        }

        var action = new CorrectiveActionRecord(rootCause.Trim(), description.Trim(), ownerObjectId.Trim(), dueDate, actor.ObjectId, actor.DisplayName, now);
        // The older free-text fields follow the record, so readers of them see the same action.
        return report with
        {
            CorrectiveActionRecord = action,
            RootCause = action.RootCause,
            CorrectiveAction = action.Description,
            CorrectiveActionDueDate = action.DueDate,
            OwnerObjectId = report.OwnerObjectId ?? action.OwnerObjectId,
            UpdatedAt = now,
        };
    }

    /// <summary>The action's owner or an AIMS manager marks the corrective action done.</summary>
    public static NonconformityReport CompleteCorrectiveAction(NonconformityReport report, Actor actor, bool isAimsManager, string note, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(actor);
        RequireOpen(report);
        var action = report.CorrectiveActionRecord ?? throw new CorrectiveActionRefusedException($"{report.Id} has no corrective action to complete.");
        if (!isAimsManager && !string.Equals(action.OwnerObjectId, actor.ObjectId, StringComparison.OrdinalIgnoreCase))
        {
            throw new Directory.AccessDeniedException($"Only the owner of the corrective action of {report.Id} or an AIMS manager may complete it.");
        }

        if (action.CompletedAt is not null)
        {
            return report;
        }

        return report with { CorrectiveActionRecord = action with { CompletedAt = now, CompletedBy = actor.ObjectId, CompletionNote = note.Trim() }, UpdatedAt = now };
    }

    public static NonconformityReport RecordSimilarCheck(NonconformityReport report, Actor actor, IReadOnlyList<string> reviewedReportIds, string conclusion, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(actor);
        RequireOpen(report);
        return report with { SimilarCheck = new SimilarNonconformityCheck(reviewedReportIds, conclusion.Trim(), actor.ObjectId, actor.DisplayName, now), UpdatedAt = now };
    }

    /// <summary>Why the effectiveness review cannot be recorded by <paramref name="actor"/> now, or null.</summary>
    public static string? WhyNotReview(NonconformityReport report, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(actor);
        if (report.Status == ReportStatus.Closed) return $"{report.Id} is closed.";
        if (report.Correction is null) return $"Record the correction of {report.Id} first (10.2 a).";
        if (report.CorrectiveActionRecord is not { } action) return $"Record the corrective action of {report.Id} first (10.2 b, c).";
        if (action.CompletedAt is null) return $"The corrective action of {report.Id} is not completed yet (due {action.DueDate:yyyy-MM-dd}).";
        if (report.SimilarCheck is null) return $"Record the check for similar nonconformities of {report.Id} first (10.2 b).";
        return string.Equals(action.RecordedBy, actor.ObjectId, StringComparison.OrdinalIgnoreCase)
            ? $"You recorded the corrective action of {report.Id}, so its effectiveness must be reviewed by someone else (separation of duties)."
            : null;
    }

    /// <summary>
    /// Records the effectiveness review. Effective closes the report; not effective keeps it open and reopens the corrective
    /// action (a new one is to be recorded).
    /// </summary>
    public static NonconformityReport ReviewEffectiveness(NonconformityReport report, Actor actor, bool effective, string note, DateTimeOffset now)
    {
        if (WhyNotReview(report, actor) is { } why)
        {
            throw new CorrectiveActionRefusedException(why);
        }

        var review = new EffectivenessReview(effective, note.Trim(), actor.ObjectId, actor.DisplayName, now);
        return effective
            ? report with { Effectiveness = review, EffectivenessVerification = review.Note, Status = ReportStatus.Closed, ClosedAt = now, UpdatedAt = now }
            : report with { Effectiveness = review, CorrectiveActionRecord = report.CorrectiveActionRecord! with { CompletedAt = null, CompletedBy = null, CompletionNote = null }, UpdatedAt = now };
    }

    private static void RequireOpen(NonconformityReport report)
    {
        if (report.Status == ReportStatus.Closed)
        {
            throw new CorrectiveActionRefusedException($"{report.Id} is closed.");
        }
    }
}
