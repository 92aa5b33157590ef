using System.Globalization;
using System.Text.Json;
using Aims.Application.Http;
using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Reports;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Reports;

/// <summary>The handling fields of PUT /api/reports/{id}; null leaves a field as it is.</summary>
public sealed record ReportUpdate(
    string? OwnerObjectId,
    ReportSeverity? Severity,
    string? RootCause,
    string? CorrectiveAction,
    DateOnly? CorrectiveActionDueDate,
    string? EffectivenessVerification,
    ReportStatus? Status);

/// <summary>The body of POST /api/reports/{id}/correction (10.2 a).</summary>
public sealed record CorrectionInput(string? Description);

/// <summary>The body of POST /api/reports/{id}/corrective-action (10.2 b, c).</summary>
public sealed record CorrectiveActionInput(string? RootCause, string? Description, string? OwnerObjectId, DateOnly? DueDate);

/// <summary>The body of POST /api/reports/{id}/corrective-action/complete.</summary>
public sealed record CorrectiveActionCompletionInput(string? Note);

/// <summary>The body of POST /api/reports/{id}/similar-check (10.2 b).</summary>
public sealed record SimilarCheckInput(IReadOnlyList<string?>? ReviewedReportIds, string? Conclusion);

/// <summary>The body of POST /api/reports/{id}/reporter/reveal: why the anonymous reporter's identity is needed.</summary>
public sealed record RevealReporterInput(string? Reason);

/// <summary>An anonymous reporter revealed to the named role, with the evidence item that records the reading.</summary>
public sealed record RevealedReporter(string ReportId, string ReporterObjectId, string ReporterName, string EvidenceId);

/// <summary>The body of POST /api/reports/{id}/effectiveness-review (10.2 d).</summary>
public sealed record EffectivenessReviewInput(bool? Effective, string? Note);

/// <summary>
/// Concerns, incidents and nonconformities (10.2, A.3.3, A.8.4): anyone reports from Teams, the AIMS managers are told, and
/// an AIMS manager handles the report through the API. Every step is evidence. For an anonymous report no evidence item names
/// the reporter, neither as actor nor in its payload, and the report row keeps them only as <see cref="AnonymousReporters"/>
/// says (encrypted with a keyed hash for their own view, or not at all); only the named role reveals them, as evidence.
/// </summary>
public sealed class ReportService(
    IReportStore reports,
    IAiSystemRegistry systems,
    IEvidenceStore evidence,
    ProactiveMessenger messenger,
    IDirectoryClient directory,
    RoleGroupOptions roleGroups,
    RoleResolver roles,
    TimeProvider time,
    AnonymousReporters anonymity,
    WorkspaceLinks links,
    ILogger<ReportService> logger)
{
    public static EvidenceKind Kind { get; } = EvidenceKind.NonconformityReport;
    public static readonly string[] Clauses = ["10.2"];
    public static readonly string[] Controls = ["A.3.3", "A.8.4"];

    public static string Subject(string id) => $"report:{id.ToUpperInvariant()}";

    public Task<VersionedReport> SubmitAsync(Actor reporter, string title, string description, ReportKind kind, string? aiSystemId, bool anonymous, CancellationToken cancellationToken) =>
        SubmitAsync(reporter, title, description, kind, aiSystemId, anonymous, null, cancellationToken);

    /// <summary>A report opened by the AIMS itself (a breached objective, a monitoring alert) with its owner already assigned.</summary>
    public Task<VersionedReport> OpenAssignedAsync(Actor reporter, string title, string description, ReportKind kind, string? aiSystemId, string ownerObjectId, CancellationToken cancellationToken) =>
        SubmitAsync(reporter, title, description, kind, aiSystemId, false, ownerObjectId, cancellationToken);

    /// <summary>Longest accepted title, description and AI system id (the form's limits, checked again here for the API).</summary>
    public const int MaxTitle = 200, MaxDescription = 4000, MaxSystemId = 100;

    /// <summary>The actor evidence names for an anonymous report.</summary>
    public static Actor AnonymousReporter { get; } = new("anonymous", "Anonymous reporter");

    private async Task<VersionedReport> SubmitAsync(Actor reporter, string title, string description, ReportKind kind, string? aiSystemId, bool anonymous, string? ownerObjectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reporter);
        await ValidateSubmissionAsync(title, description, aiSystemId, cancellationToken);
        var now = time.GetUtcNow();
        var report = new NonconformityReport
        {
            Id = await reports.NextIdAsync(cancellationToken),
            Title = title.Trim(),
            Description = description.Trim(),
            Kind = kind,
            AiSystemId = string.IsNullOrWhiteSpace(aiSystemId) ? null : aiSystemId.Trim(),
            Anonymous = anonymous,
            ReporterObjectId = reporter.ObjectId,
            ReporterName = reporter.DisplayName,
            OwnerObjectId = ownerObjectId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (anonymous)
        {
            report = await anonymity.ProtectAsync(report, reporter.ObjectId, reporter.DisplayName, cancellationToken);
        }

        var created = await reports.CreateAsync(report, cancellationToken);
        await RecordAsync(Kind, report, anonymous ? AnonymousReporter : reporter, $"{report.Kind} {report.Id} reported{(anonymous ? " anonymously" : $" by {reporter.DisplayName}")}: {report.Title}", cancellationToken);
        await NotifyManagersAsync(report, cancellationToken);
        return created;
    }

    public async Task<VersionedReport> UpdateAsync(string id, ReportUpdate update, string? expectedETag, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        await roles.RequireAsync(actor.ObjectId, [AimsRole.AimsManager], "handle reports", cancellationToken);
        var current = await reports.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No report '{id}'.");
        if (expectedETag is not null && !Core.Records.ETags.Same(expectedETag, current.ETag))
        {
            throw new ConcurrencyConflictException($"Report '{id}' was changed by someone else since you read it.");
        }

        var r = current.Report;
        var now = time.GetUtcNow();
        var next = r with
        {
            OwnerObjectId = update.OwnerObjectId?.Trim() ?? r.OwnerObjectId,
            Severity = update.Severity ?? r.Severity,
            RootCause = update.RootCause?.Trim() ?? r.RootCause,
            CorrectiveAction = update.CorrectiveAction?.Trim() ?? r.CorrectiveAction,
            CorrectiveActionDueDate = update.CorrectiveActionDueDate ?? r.CorrectiveActionDueDate,
            EffectivenessVerification = update.EffectivenessVerification?.Trim() ?? r.EffectivenessVerification,
            Status = update.Status ?? r.Status,
            UpdatedAt = now,
        };
        var errors = new Dictionary<string, string>();
        if (next.Status == ReportStatus.Closed && r.Status != ReportStatus.Closed && r.CorrectiveActionRecord is not null)
            errors["status"] = $"{r.Id} has a recorded corrective action: it is closed by an effectiveness review from someone other than who recorded it (POST /api/reports/{r.Id}/effectiveness-review).";
        if (next.Status == ReportStatus.Closed && string.IsNullOrWhiteSpace(next.CorrectiveAction)) errors["correctiveAction"] = "A report is closed only after a corrective action is recorded.";
        if (next.Status == ReportStatus.Closed && string.IsNullOrWhiteSpace(next.EffectivenessVerification)) errors["effectivenessVerification"] = "A report is closed only after the corrective action's effectiveness is verified (10.2 d).";
        if (next.Status == ReportStatus.Closed && next.Severity is null) errors["severity"] = "Rate the severity before closing.";
        foreach (var (field, value) in new[] { ("rootCause", next.RootCause), ("correctiveAction", next.CorrectiveAction), ("effectivenessVerification", next.EffectivenessVerification) })
        {
            if (value is { Length: > 4000 }) errors[field] = "At most 4000 characters.";
        }

        if (errors.Count > 0)
        {
            throw new ReportValidationException(errors);
        }

        next = next with { ClosedAt = next.Status == ReportStatus.Closed ? r.ClosedAt ?? now : null };
        var stored = await reports.UpdateAsync(next, current.ETag, cancellationToken);
        var changed = new List<string>();
        if (next.OwnerObjectId != r.OwnerObjectId) changed.Add("owner");
        if (next.Severity != r.Severity) changed.Add($"severity {next.Severity}");
        if (next.RootCause != r.RootCause) changed.Add("root cause");
        if (next.CorrectiveAction != r.CorrectiveAction || next.CorrectiveActionDueDate != r.CorrectiveActionDueDate) changed.Add("corrective action");
        if (next.EffectivenessVerification != r.EffectivenessVerification) changed.Add("effectiveness verification");
        if (next.Status != r.Status) changed.Add(next.Status == ReportStatus.Closed ? "closed" : "reopened");
        await RecordAsync(EvidenceKind.NonconformityUpdate, next, actor, $"Report {next.Id} updated by {actor.DisplayName}: {(changed.Count == 0 ? "no change" : string.Join(", ", changed))}", cancellationToken);
        return stored;
    }

    private Task RecordAsync(EvidenceKind kind, NonconformityReport report, Actor actor, string summary, CancellationToken cancellationToken) =>
        RecordAsync(kind, report, actor, summary, Clauses, report.Id, null, cancellationToken);

    private Task RecordAsync(EvidenceKind kind, NonconformityReport report, Actor actor, string summary, IReadOnlyList<string> clauses, string correlationId, string? step, CancellationToken cancellationToken)
    {
        var clean = new string([.. summary.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        // The payload is the report as evidence keeps it: an anonymous reporter is named nowhere (the actor is who handles it).
        object payload = step is null ? report.ForEvidence() : new { step, report = report.ForEvidence() };
        return evidence.RecordAsync(NewEvidence.FromJson(kind, Subject(report.Id), actor, clauses, Controls, correlationId,
            clean.Length <= 900 ? clean : clean[..900].TrimEnd() + "…", payload, report.UpdatedAt, RegisterJson.Options), cancellationToken);
    }

    /// <summary>
    /// Reveals who sent an anonymous report, to the named role only (<see cref="AnonymousReporterOptions.ReaderRole"/>) and with a
    /// reason: the reading is recorded as evidence first (who read it, when, why; never the identity itself), and nothing is
    /// revealed if that record cannot be written.
    /// </summary>
    public async Task<RevealedReporter> RevealReporterAsync(string id, string? reason, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await roles.RequireAsync(actor.ObjectId, [anonymity.ReaderRole], "reveal who sent an anonymous report", cancellationToken);
        var errors = new Dictionary<string, string>();
        Text(errors, "reason", reason, "Say why the reporter's identity is needed; the reason is recorded as evidence.");
        var report = (await reports.GetAsync(id, cancellationToken))?.Report ?? throw new KeyNotFoundException($"No report '{id}'.");
        if (errors.Count > 0)
        {
            throw new ReportValidationException(errors);
        }

        if (!report.Anonymous)
        {
            throw new CorrectiveActionRefusedException($"{report.Id} is not anonymous: its reporter is named on the report.");
        }

        if (report.SealedReporter is not { } sealedIdentity)
        {
            throw new CorrectiveActionRefusedException(report.HoldsPlainAnonymousReporter
                ? $"The reporter of {report.Id} is not protected yet; the migration job does it within the hour."
                : $"{report.Id} keeps no identity of its reporter: nobody can learn who sent it.");
        }

        var (objectId, name) = await anonymity.Protector.UnsealAsync(report.Id, sealedIdentity, cancellationToken);
        var now = time.GetUtcNow();
        var item = await evidence.RecordAsync(NewEvidence.FromJson(EvidenceKind.NonconformityReporterRevealed, Subject(report.Id), actor, Clauses, Controls,
            $"{report.Id}:reporter-revealed:{now.UtcTicks}", NewEvidence.Summarise($"The anonymous reporter of {report.Id} was revealed to {actor.DisplayName}: {reason!.Trim()}"),
            new { step = "anonymous reporter revealed", reportId = report.Id, revealedTo = actor.ObjectId, reason = reason.Trim() }, now, RegisterJson.Options), cancellationToken);
        logger.LogWarning("The anonymous reporter of {ReportId} was revealed to {ObjectId}, recorded as evidence {EvidenceId}", report.Id, actor.ObjectId, item.Id);
        return new RevealedReporter(report.Id, objectId, name, item.Id);
    }

    /// <summary>
    /// Who may review a corrective action's effectiveness: an AIMS manager or top management (so an organisation with one AIMS
    /// manager can still close with separation of duties), never the person who recorded the action.
    /// </summary>
    public static readonly AimsRole[] EffectivenessReviewers = [AimsRole.AimsManager, AimsRole.TopManagement];

    /// <summary>10.2 a: the correction (react, control and correct, deal with the consequences).</summary>
    public Task<VersionedReport> RecordCorrectionAsync(string id, CorrectionInput input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string>();
        Text(errors, "description", input.Description, "Say what was done to control and correct the nonconformity.");
        return StepAsync(id, actor, errors, (r, now) => CorrectiveActionWorkflow.RecordCorrection(r, actor, input.Description!, now),
            EvidenceKind.NonconformityCorrection, ["10.2"], "10.2 a", r => $"Correction of {r.Id} recorded by {actor.DisplayName}", cancellationToken);
    }

    /// <summary>10.2 b, c: root cause and the corrective action, its owner and due date (reminded and escalated when overdue).</summary>
    public async Task<VersionedReport> RecordCorrectiveActionAsync(string id, CorrectiveActionInput input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string>();
        Text(errors, "rootCause", input.RootCause, "Give the root cause (10.2 b).");
        Text(errors, "description", input.Description, "Describe the corrective action.");
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (input.DueDate is not { } due) errors["dueDate"] = "A due date (yyyy-MM-dd) is required.";
        else if (due < today) errors["dueDate"] = "The due date cannot be in the past.";
        if (string.IsNullOrWhiteSpace(input.OwnerObjectId)) errors["ownerObjectId"] = "Name the owner of the corrective action (Entra object id).";
        return await StepAsync(id, actor, errors, (r, now) => CorrectiveActionWorkflow.RecordCorrectiveAction(r, actor, input.RootCause!, input.Description!, input.OwnerObjectId!, input.DueDate!.Value, now),
            EvidenceKind.NonconformityCorrectiveAction, ["10.2"], "10.2 b, c", r => $"Corrective action of {r.Id} recorded by {actor.DisplayName}, due {r.CorrectiveActionRecord!.DueDate:yyyy-MM-dd}", cancellationToken);
    }

    /// <summary>The corrective action carried out (its owner or an AIMS manager).</summary>
    public async Task<VersionedReport> CompleteCorrectiveActionAsync(string id, CorrectiveActionCompletionInput input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new Dictionary<string, string>();
        Text(errors, "note", input.Note, "Say what was done.");
        var manager = (await roles.GetRolesAsync(actor.ObjectId, RoleFreshness.Current, cancellationToken)).Roles.Contains(AimsRole.AimsManager);
        return await StepAsync(id, actor, errors, (r, now) => CorrectiveActionWorkflow.CompleteCorrectiveAction(r, actor, manager, input.Note!, now),
            EvidenceKind.NonconformityCorrectiveAction, ["10.2"], "10.2 c", r => $"Corrective action of {r.Id} completed by {actor.DisplayName}", cancellationToken, requiredRoles: []);
    }

    /// <summary>10.2 b: whether similar nonconformities exist or could occur: the other reports reviewed and the conclusion.</summary>
    public async Task<VersionedReport> RecordSimilarCheckAsync(string id, SimilarCheckInput input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string>();
        Text(errors, "conclusion", input.Conclusion, "State the conclusion of the check for similar nonconformities.");
        var reviewed = (input.ReviewedReportIds ?? []).Select(r => r?.Trim().ToUpperInvariant() ?? string.Empty).Distinct(StringComparer.Ordinal).ToList();
        if (reviewed.Count > CorrectiveActionWorkflow.MaxReviewed) errors["reviewedReportIds"] = $"At most {CorrectiveActionWorkflow.MaxReviewed} reports.";
        else
        {
            var unknown = new List<string>();
            foreach (var other in reviewed)
            {
                if (other.Length == 0 || other == id.ToUpperInvariant() || await reports.GetAsync(other, cancellationToken) is null) unknown.Add(other.Length == 0 ? "(empty)" : other);
            }

            if (unknown.Count > 0) errors["reviewedReportIds"] = $"Not other reports of the register: {string.Join(", ", unknown)}.";
        }

        return await StepAsync(id, actor, errors, (r, now) => CorrectiveActionWorkflow.RecordSimilarCheck(r, actor, reviewed, input.Conclusion!, now),
            EvidenceKind.NonconformitySimilarCheck, ["10.2"], "10.2 b", r => $"Check for similar nonconformities of {r.Id} by {actor.DisplayName}: {reviewed.Count} other reports reviewed", cancellationToken);
    }

    /// <summary>10.2 d, e: the effectiveness review, by someone other than who recorded the corrective action; effective closes.</summary>
    public async Task<VersionedReport> ReviewEffectivenessAsync(string id, EffectivenessReviewInput input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string>();
        if (input.Effective is null) errors["effective"] = "Required: true or false.";
        Text(errors, "note", input.Note, "Say how effectiveness was reviewed and what it showed.");
        return await StepAsync(id, actor, errors, (r, now) => CorrectiveActionWorkflow.ReviewEffectiveness(r, actor, input.Effective!.Value, input.Note!, now),
            EvidenceKind.NonconformityEffectivenessReview, ["10.2", "9.1"], "10.2 d, e",
            r => $"Effectiveness of the corrective action of {r.Id} reviewed by {actor.DisplayName}: {(r.Effectiveness!.Effective ? "effective, closed" : "not effective, action reopened")}", cancellationToken,
            requiredRoles: EffectivenessReviewers);
    }

    private static void Text(Dictionary<string, string> errors, string field, string? value, string missing)
    {
        if (string.IsNullOrWhiteSpace(value)) errors[field] = missing;
        else if (value.Trim().Length > CorrectiveActionWorkflow.MaxText) errors[field] = $"At most {CorrectiveActionWorkflow.MaxText} characters.";
    }

    /// <summary>One 10.2 step: role, field errors, the workflow's rule, a conditional write, then its evidence.</summary>
    private async Task<VersionedReport> StepAsync(string id, Actor actor, Dictionary<string, string> errors, Func<NonconformityReport, DateTimeOffset, NonconformityReport> apply,
        EvidenceKind kind, IReadOnlyList<string> clauses, string step, Func<NonconformityReport, string> summary, CancellationToken cancellationToken, AimsRole[]? requiredRoles = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        requiredRoles ??= [AimsRole.AimsManager];
        if (requiredRoles.Length > 0)
        {
            await roles.RequireAsync(actor.ObjectId, requiredRoles, "handle nonconformities", cancellationToken);
        }

        var current = await reports.GetAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No report '{id}'.");
        if (errors.Count > 0)
        {
            throw new ReportValidationException(errors);
        }

        var next = apply(current.Report, time.GetUtcNow());
        if (ReferenceEquals(next, current.Report))
        {
            return current;
        }

        var stored = await reports.UpdateAsync(next, current.ETag, cancellationToken);
        await RecordAsync(kind, next, actor, summary(next), clauses, $"{next.Id}:{kind}:{next.UpdatedAt.UtcTicks}", step, cancellationToken);
        logger.LogInformation("Report {ReportId}: {Step} recorded by {ObjectId}", next.Id, step, actor.ObjectId);
        return stored;
    }

    /// <summary>Checks what a reporter typed, naming each field by the label the form shows; nothing is stored when one fails.</summary>
    private async Task ValidateSubmissionAsync(string title, string description, string? aiSystemId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(title)) errors["title"] = "Title: a title is required.";
        else if (title.Trim().Length > MaxTitle) errors["title"] = $"Title: at most {MaxTitle} characters.";
        if (string.IsNullOrWhiteSpace(description)) errors["description"] = "What happened?: describe what happened.";
        else if (description.Trim().Length > MaxDescription) errors["description"] = $"What happened?: at most {MaxDescription} characters.";
        if (!string.IsNullOrWhiteSpace(aiSystemId))
        {
            var id = aiSystemId.Trim();
            if (id.Length > MaxSystemId || id.Any(char.IsControl))
            {
                errors["aiSystemId"] = "AI system: not an AI system of the register.";
            }
            else if (await systems.GetAsync(id, cancellationToken) is null)
            {
                errors["aiSystemId"] = $"AI system: there is no AI system '{id}' in the register.";
            }
        }

        if (errors.Count > 0)
        {
            throw new ReportValidationException(errors);
        }
    }

    private async Task NotifyManagersAsync(NonconformityReport report, CancellationToken cancellationToken)
    {
        try
        {
            var managers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var group in roleGroups.GroupsFor(AimsRole.AimsManager))
            {
                string? token = null;
                do
                {
                    var page = await directory.GetGroupMembersPageAsync(group, token, cancellationToken);
                    managers.UnionWith(page.Items.Select(u => u.ObjectId));
                    token = page.ContinuationToken;
                }
                while (token is not null && managers.Count < 200);
            }

            foreach (var manager in managers)
            {
                var result = await messenger.SendCardAsync(manager, ReportCard.Create(report, false, "New report for the AIMS managers", links), cancellationToken);
                if (!result.Delivered)
                {
                    logger.LogWarning("Report {ReportId} could not reach AIMS manager {ObjectId}: {Reason}", report.Id, manager, result.Reason);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not notify the AIMS managers of report {ReportId}", report.Id);
        }
    }
}

public sealed class ReportValidationException(IReadOnlyDictionary<string, string> errors) : Exception("The report update is not valid.")
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}

/// <summary>The report form: title, description, kind, AI system (optional), anonymous-to-others toggle.</summary>
public static class ReportFormCard
{
    public const string VerbSubmit = "report.submit";

    /// <summary>The form, empty or (after a refusal) with what the person typed, so nothing they wrote is lost.</summary>
    public static AdaptiveCard Create(IReadOnlyList<Choice> systems, AnonymousReporters anonymity, ReportFormData? typed = null) => new()
    {
        FallbackText = "Report a concern, incident or nonconformity",
        Body =
        [
            TextBlock.Heading("Report a concern, incident or nonconformity"),
            TextBlock.Plain($"The AIMS managers are told at once. {anonymity.Promise} (ISO/IEC 42001 10.2, A.3.3, A.8.4)", subtle: true),
            new TextInput { Id = "title", Label = "Title", IsRequired = true, MaxLength = 200, ErrorMessage = "A title is required.", Value = Typed(typed?.Title, 200) },
            new TextInput { Id = "description", Label = "What happened?", IsMultiline = true, IsRequired = true, MaxLength = 4000, ErrorMessage = "Describe what happened.", Value = Typed(typed?.Description, 4000) },
            new ChoiceSetInput
            {
                Id = "kind", Label = "Kind", IsRequired = true, ErrorMessage = "Choose a kind.", Style = "expanded", Value = (typed?.Kind ?? ReportKind.Concern).ToString(),
                Choices = [new Choice { Title = "Concern", Value = nameof(ReportKind.Concern) }, new Choice { Title = "Incident", Value = nameof(ReportKind.Incident) }, new Choice { Title = "Nonconformity", Value = nameof(ReportKind.Nonconformity) }],
            },
            new ChoiceSetInput { Id = "aiSystemId", Label = "AI system (optional)", Style = "compact", Choices = [.. systems], Value = systems.Any(s => s.Value == typed?.AiSystemId) ? typed!.AiSystemId : null },
            new ToggleInput { Id = "anonymous", Title = anonymity.ToggleTitle, Value = typed?.Anonymous == true ? "true" : "false" },
        ],
        Actions = [new ExecuteAction { Title = "Send report", Verb = VerbSubmit, AssociatedInputs = "auto", Style = "positive" }],
    };

    private static string? Typed(string? text, int max) => string.IsNullOrEmpty(text) ? null : CardText.Truncate(text, max);

    /// <summary>The AI systems a report can name (the first 50 of the register).</summary>
    public static async Task<IReadOnlyList<Choice>> SystemChoicesAsync(IAiSystemRegistry systems, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(systems);
        var page = await systems.ListAsync(new AiSystemQuery { PageSize = 50 }, cancellationToken);
        return [.. page.Items.Select(s => new Choice { Title = CardText.Truncate(s.System.Name, 80), Value = s.System.Id })];
    }
}

/// <summary>A report as one person sees it (the reporter hidden from others when anonymous).</summary>
public static class ReportCard
{
    public static AdaptiveCard Create(NonconformityReport report, bool viewerIsReporter, string heading, WorkspaceLinks links, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(links);
        var card = new AdaptiveCard
        {
            FallbackText = $"{report.Kind} {report.Id}: {CardText.Truncate(report.Title, 80)}",
            Body =
            [
                TextBlock.Plain(heading, weight: "Bolder", size: "Large"),
                TextBlock.Plain($"{report.Id}: {CardText.Truncate(report.Title, 200)}", weight: "Bolder"),
                new RichTextBlock { Inlines = [new TextRun { Text = CardText.Truncate(report.Description, 1500) }] },
                new FactSet
                {
                    Facts =
                    [
                        new Fact("Kind", report.Kind.ToString()),
                        new Fact("AI system", report.AiSystemId ?? "not named"),
                        new Fact("Reported by", report.ReporterShownTo(viewerIsReporter)),
                        new Fact("Reported", report.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC"),
                        new Fact("Severity", report.Severity?.ToString() ?? "not rated"),
                        new Fact("Status", report.Status.ToString()),
                    ],
                },
                TextBlock.Plain(note ?? $"Handle it through the API: PUT /api/reports/{report.Id} (owner, severity, root cause, corrective action, effectiveness).", subtle: true),
            ],
        };

        // The reports page is for those who handle reports; the reporter's own copy has no link to it.
        return viewerIsReporter ? card : links.AddTo(card, WorkspaceRoutes.Report(report.Id));
    }
}

/// <summary><c>report</c>: opens the form.</summary>
public sealed class ReportCommand(IAiSystemRegistry systems, AnonymousReporters anonymity) : IBotCommand
{
    public string Name => "report";

    public string Description => "Report an AI concern, incident or nonconformity, anonymously if you wish";

    public async Task HandleAsync(CommandContext context, string arguments)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.Turn.SendCardAsync(ReportFormCard.Create(await ReportFormCard.SystemChoicesAsync(systems, context.Turn.CancellationToken), anonymity));
    }
}

/// <summary>Submitting the report form.</summary>
public sealed class ReportCardActions(ReportService service, IAiSystemRegistry systems, AnonymousReporters anonymity) : ICardActionHandler
{
    public string Verb => "report.";

    public async Task<AdaptiveCard> HandleAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Verb != ReportFormCard.VerbSubmit)
        {
            throw new CardActionException($"'{context.Verb}' is not an action of the report form.");
        }

        var form = context.Bind<ReportFormData>();
        VersionedReport created;
        try
        {
            created = await service.SubmitAsync(context.Actor, form.Title, form.Description, form.Kind, form.AiSystemId, form.Anonymous, context.Turn.CancellationToken);
        }
        catch (ReportValidationException ex)
        {
            throw new CardActionException("Nothing was sent. " + string.Join(" ", ex.Errors.Values));
        }

        var note = !created.Report.Anonymous ? null
            : created.Report.SealedReporter is null
                ? "Nothing that identifies you is kept with this report: nobody can link it to you, so it will not appear as yours later and nobody can ask you about it."
                : $"Your identity is kept with this report only encrypted: you see the report as yours, and only {anonymity.Readers} can decrypt it, each time recorded as evidence.";
        return ReportCard.Create(created.Report, true, $"Thank you: your report {created.Report.Id} is recorded", WorkspaceLinks.None, note);
    }

    /// <summary>A refused report keeps the form with everything the person typed.</summary>
    public async Task<AdaptiveCard?> CardForErrorAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Verb == ReportFormCard.VerbSubmit && context.TryBind<ReportFormData>() is { } typed
            ? ReportFormCard.Create(await ReportFormCard.SystemChoicesAsync(systems, context.Turn.CancellationToken), anonymity, typed)
            : null;
    }
}

/// <summary><c>GET /api/reports</c> (AIMS managers, auditors, top management): every report; anonymous reporters hidden.</summary>
public sealed class ListReportsHandler(IReportStore reports, AnonymousReporters anonymity) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var viewerLookup = await anonymity.LookupAsync(request.Caller.ObjectId, request.Aborted);
        var list = new List<object>();
        await foreach (var report in reports.ListAllAsync(request.Aborted))
        {
            list.Add(View(report, request.Caller.ObjectId, viewerLookup));
        }

        return ApiResults.Ok(new { items = list });
    }

    /// <summary>A report as the viewer may see it: an anonymous reporter only as "you" to themselves; never the sealed identity or lookup hash.</summary>
    public static object View(NonconformityReport report, string viewer, string? viewerLookup = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var mine = report.IsReporter(viewer, viewerLookup);
        return report.ForEvidence() with
        {
            ReporterObjectId = report.Anonymous && mine ? viewer : report.ForEvidence().ReporterObjectId,
            ReporterName = report.ReporterShownTo(mine),
        };
    }
}

public sealed class RecordCorrectionHandler(ReportService service) : IEndpointHandler<CorrectionInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<CorrectionInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stored = await service.RecordCorrectionAsync(request.Id, request.Body, request.Caller, request.Aborted);
        return ApiResults.Ok(ListReportsHandler.View(stored.Report, request.Caller.ObjectId), stored.ETag);
    }
}

public sealed class RecordCorrectiveActionHandler(ReportService service) : IEndpointHandler<CorrectiveActionInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<CorrectiveActionInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stored = await service.RecordCorrectiveActionAsync(request.Id, request.Body, request.Caller, request.Aborted);
        return ApiResults.Ok(ListReportsHandler.View(stored.Report, request.Caller.ObjectId), stored.ETag);
    }
}

public sealed class CompleteCorrectiveActionHandler(ReportService service) : IEndpointHandler<CorrectiveActionCompletionInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<CorrectiveActionCompletionInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stored = await service.CompleteCorrectiveActionAsync(request.Id, request.Body, request.Caller, request.Aborted);
        return ApiResults.Ok(ListReportsHandler.View(stored.Report, request.Caller.ObjectId), stored.ETag);
    }
}

public sealed class RecordSimilarCheckHandler(ReportService service) : IEndpointHandler<SimilarCheckInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<SimilarCheckInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stored = await service.RecordSimilarCheckAsync(request.Id, request.Body, request.Caller, request.Aborted);
        return ApiResults.Ok(ListReportsHandler.View(stored.Report, request.Caller.ObjectId), stored.ETag);
    }
}

public sealed class ReviewEffectivenessHandler(ReportService service) : IEndpointHandler<EffectivenessReviewInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<EffectivenessReviewInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stored = await service.ReviewEffectivenessAsync(request.Id, request.Body, request.Caller, request.Aborted);
        return ApiResults.Ok(ListReportsHandler.View(stored.Report, request.Caller.ObjectId), stored.ETag);
    }
}

/// <summary><c>POST /api/reports/{id}/reporter/reveal</c> (the named role only, checked by the service): an audited reading of an anonymous reporter.</summary>
public sealed class RevealReporterHandler(ReportService service) : IEndpointHandler<RevealReporterInput>
{
    public async Task<IResult> HandleAsync(ApiRequest<RevealReporterInput> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Ok(await service.RevealReporterAsync(request.Id, request.Body.Reason, request.Caller, request.Aborted));
    }
}

/// <summary><c>PUT /api/reports/{id}</c> (AIMS manager): owner, severity, root cause, corrective action, effectiveness, status.</summary>
public sealed class UpdateReportHandler(ReportService service) : IEndpointHandler<ReportUpdate>
{
    public async Task<IResult> HandleAsync(ApiRequest<ReportUpdate> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stored = await service.UpdateAsync(request.Id, request.Body, request.IfMatch, request.Caller, request.Aborted);
        return ApiResults.Ok(ListReportsHandler.View(stored.Report, request.Caller.ObjectId), stored.ETag);
    }
}
