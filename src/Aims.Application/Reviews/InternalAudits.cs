using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Aims.Application.Evidence;
using Aims.Application.Proactive;
using Aims.Application.Reports;
using Aims.Application.Workspace;
using Aims.Core.Catalog;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Reports;
using Aims.Core.Reviews;
using Aims.Core.Soa;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Reviews;

/// <summary>The body of POST /api/internal-audits.</summary>
public sealed record InternalAuditInput(string? Title, IReadOnlyList<string?>? Scope, string? PlannedDate, string? AuditorObjectId, string? AuditeeObjectId);

/// <summary>The body of POST /api/internal-audits/{id}/findings (and the card's finding form).</summary>
public sealed record AuditFindingInput(string? Type, string? Reference, string? Text);

/// <summary>Bad input, field by field (400), or a refused person (403); nothing was stored.</summary>
public sealed class AuditValidationException(IReadOnlyDictionary<string, string[]> errors) : Exception("The internal audit input is not valid.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>
/// The internal audit programme (9.2, 9.2.2): audits planned per clause/control area with an independent auditor (the
/// <c>Auditor</c> role, not auditing their own work), findings from the audit card or the API, nonconformities opened in the
/// reports (10.2), everything recorded as evidence.
/// </summary>
public sealed class InternalAuditService(
    IInternalAudits audits,
    ISoaStore soa,
    ReportService reports,
    IEvidenceStore evidence,
    CardCopies copies,
    RoleResolver roles,
    TimeProvider time,
    WorkspaceLinks links,
    ILogger<InternalAuditService> logger)
{
    public static readonly EvidenceKind Kind = EvidenceKind.InternalAudit;
    public static readonly string[] Clauses = ["9.2", "9.2.2"];
    public const int MaxScope = 30;
    public const int MaxFindingText = 2000;

    public static string Subject(string auditId) => "internal-audit:" + auditId;

    /// <summary>Where the copies of the auditor's card are tracked, so findings recorded anywhere show on it.</summary>
    public static string CardSubject(string auditId) => "internal-audit-card:" + auditId;

    /// <summary>Plans an audit; <see cref="AuditValidationException"/> with the fields at fault when any is wrong or the auditor is not independent.</summary>
    public async Task<InternalAudit> PlanAsync(InternalAuditInput? input, Actor actor, CancellationToken cancellationToken, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new Dictionary<string, string[]>();
        if (input is null) throw new AuditValidationException(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] });
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > 200) errors["title"] = ["A title of at most 200 characters is required."];
        var scope = input.Scope?.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()).Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (scope.Count is 0 or > MaxScope)
        {
            errors["scope"] = [$"1 to {MaxScope} clause or Annex A ids (e.g. 6.1, 9.2, A.6, A.6.2.4)."];
        }
        else if (AuditProgramme.UnknownScopeIds(scope) is { Count: > 0 } unknown)
        {
            errors["scope"] = ["Not in the ISO/IEC 42001 catalog: " + string.Join(", ", unknown.Take(10))];
        }

        if (!DateOnly.TryParseExact(input.PlannedDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var planned)) errors["plannedDate"] = ["A date as yyyy-MM-dd."];
        var auditor = input.AuditorObjectId?.Trim();
        var auditee = string.IsNullOrWhiteSpace(input.AuditeeObjectId) ? null : input.AuditeeObjectId.Trim();
        if (string.IsNullOrWhiteSpace(auditor))
        {
            errors["auditorObjectId"] = ["An auditor is required."];
        }
        else if (!(await roles.GetRolesAsync(auditor, RoleFreshness.Current, cancellationToken)).Has(AimsRole.Auditor))
        {
            errors["auditorObjectId"] = ["The auditor must hold the Auditor role."];
        }
        else if (!errors.ContainsKey("scope"))
        {
            var entries = (await soa.ListAsync(cancellationToken)).Select(v => v.Entry);
            if (AuditProgramme.IndependenceProblem(auditor, auditee, scope, entries) is { } problem)
            {
                errors["auditorObjectId"] = [problem];
            }
        }

        if (errors.Count > 0)
        {
            logger.LogInformation("Internal audit plan by {ObjectId} refused: {Fields}", actor.ObjectId, string.Join(", ", errors.Keys));
            throw new AuditValidationException(errors);
        }

        var now = time.GetUtcNow();
        var audit = new InternalAudit(id ?? "IA-" + Guid.NewGuid().ToString("N")[..8], input.Title!.Trim(), scope, planned, auditor!, auditee, now, actor.ObjectId, []);
        if (!await audits.TryAddAsync(audit, cancellationToken))
        {
            return (await audits.GetAsync(audit.Id, cancellationToken))!.Audit;
        }

        await RecordAsync(Kind, audit, actor, $"Internal audit {audit.Id} planned for {planned:yyyy-MM-dd}: {audit.Title} (scope {string.Join(", ", scope)})", audit, Clauses, [.. scope.Where(Iso42001Catalog.IsControl)], cancellationToken);
        await copies.SendAsync(CardSubject(audit.Id), auditor!, InternalAuditCard.Create(audit, links, null), cancellationToken);

        return audit;
    }

    /// <summary>
    /// Records a finding of the audit's auditor. <paramref name="requestId"/> (the card press or API request) makes a retry record
    /// it once. Nonconformities open a report (10.2) whose id is kept on the finding.
    /// </summary>
    public async Task<(InternalAudit Audit, AuditFinding Finding, bool Added)> RecordFindingAsync(string auditId, AuditFindingInput? input, Actor actor, string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var current = await audits.GetAsync(auditId, cancellationToken) ?? throw new KeyNotFoundException($"No internal audit '{auditId}'.");
        RequireAuditor(current.Audit, actor);
        var errors = new Dictionary<string, string[]>();
        AuditFindingType type = default;
        if (!Enum.TryParse(input?.Type, ignoreCase: true, out type) || !Enum.IsDefined(type) || int.TryParse(input?.Type, out _))
        {
            errors["type"] = ["One of: " + string.Join(", ", Enum.GetNames<AuditFindingType>()) + "."];
        }

        var reference = input?.Reference?.Trim() ?? string.Empty;
        if (Iso42001Catalog.Find(reference) is null)
        {
            errors["reference"] = ["A clause or Annex A control id of the catalog (e.g. 6.1.2 or A.6.2.4)."];
        }
        else if (!AuditProgramme.InScope(current.Audit.Scope, reference))
        {
            errors["reference"] = ["Outside this audit's scope (" + string.Join(", ", current.Audit.Scope) + ")."];
        }

        if (string.IsNullOrWhiteSpace(input?.Text) || input.Text.Trim().Length > MaxFindingText) errors["text"] = [$"Describe the finding (at most {MaxFindingText} characters)."];
        if (current.Audit.Status == InternalAuditStatus.Completed) errors["audit"] = ["The audit is completed; findings are closed."];
        if (errors.Count > 0) throw new AuditValidationException(errors);

        var findingId = "F-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(auditId + "|" + requestId)))[..12];
        var finding = new AuditFinding(findingId, type, reference, input!.Text!.Trim(), actor.ObjectId, time.GetUtcNow());
        var (audit, added) = await UpdateAsync(auditId, a => a.Findings.Any(f => f.Id == findingId) ? null : a with { Findings = [.. a.Findings, finding] }, cancellationToken);
        if (!added)
        {
            return (audit, audit.Findings.First(f => f.Id == findingId), false);
        }

        var controls = Iso42001Catalog.IsControl(reference) ? new[] { reference } : [];
        string[] clauses = [.. Clauses.Concat(Iso42001Catalog.IsClause(reference) ? [reference] : []).Distinct()];
        await RecordAsync(finding.IsNonconformity ? EvidenceKind.AuditNonconformity : EvidenceKind.AuditFinding, audit, actor, $"Internal audit {auditId} finding {findingId}: {Describe(type)} against {reference}: {finding.Text}", finding, clauses, controls, cancellationToken);
        if (finding.IsNonconformity)
        {
            var report = await reports.SubmitAsync(actor, CardText.Truncate($"{Describe(type)} from internal audit {auditId} ({reference})", 200),
                $"{finding.Text}\n\nInternal audit {auditId} '{audit.Title}', finding {findingId}.", ReportKind.Nonconformity, null, false, cancellationToken);
            finding = finding with { NonconformityId = report.Report.Id };
            (audit, _) = await UpdateAsync(auditId, a => a with { Findings = [.. a.Findings.Select(f => f.Id == findingId ? finding : f)] }, cancellationToken);
            logger.LogInformation("Internal audit {AuditId} finding {FindingId} opened nonconformity {ReportId}", auditId, findingId, report.Report.Id);
        }

        await copies.UpdateAllAsync(CardSubject(auditId), InternalAuditCard.Create(audit, links, null), cancellationToken);
        return (audit, finding, true);
    }

    /// <summary>The auditor closes the audit (its results then show in the management review digest).</summary>
    public async Task<InternalAudit> CompleteAsync(string auditId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var current = await audits.GetAsync(auditId, cancellationToken) ?? throw new KeyNotFoundException($"No internal audit '{auditId}'.");
        RequireAuditor(current.Audit, actor);
        var now = time.GetUtcNow();
        var (audit, changed) = await UpdateAsync(auditId, a => a.Status == InternalAuditStatus.Completed ? null : a with { Status = InternalAuditStatus.Completed, CompletedAt = now }, cancellationToken);
        if (changed)
        {
            await RecordAsync(EvidenceKind.InternalAuditCompleted, audit, actor, $"Internal audit {auditId} completed by {actor.DisplayName}: {Results(audit)}", audit, Clauses, [], cancellationToken);
            await copies.UpdateAllAsync(CardSubject(auditId), InternalAuditCard.Create(audit, links, null), cancellationToken);
        }

        return audit;
    }

    public async Task<AdaptiveCard> CardAsync(string auditId, string? notice, CancellationToken cancellationToken)
    {
        var audit = await audits.GetAsync(auditId, cancellationToken) ?? throw new CardActionException($"Internal audit {auditId} no longer exists.");
        return InternalAuditCard.Create(audit.Audit, links, notice);
    }

    public static string Describe(AuditFindingType type) => type switch
    {
        AuditFindingType.MajorNonconformity => "Major nonconformity",
        AuditFindingType.MinorNonconformity => "Minor nonconformity",
        AuditFindingType.Observation => "Observation",
        _ => "Opportunity for improvement",
    };

    /// <summary>"2 major nonconformities, 1 observation" (or "no findings").</summary>
    public static string Results(InternalAudit audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        if (audit.Findings.Count == 0) return "no findings";
        return string.Join(", ", audit.Findings.GroupBy(f => f.Type).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Describe(g.Key).ToLowerInvariant()}"));
    }

    private static void RequireAuditor(InternalAudit audit, Actor actor)
    {
        if (!string.Equals(audit.AuditorObjectId, actor.ObjectId, StringComparison.OrdinalIgnoreCase))
        {
            throw new AccessDeniedException("Only the auditor of this audit records its findings and completes it.");
        }
    }

    /// <summary>Applies a change with ETag concurrency (retried on conflict); the change returns null when nothing is to do.</summary>
    private async Task<(InternalAudit Audit, bool Changed)> UpdateAsync(string auditId, Func<InternalAudit, InternalAudit?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await audits.GetAsync(auditId, cancellationToken) ?? throw new KeyNotFoundException($"No internal audit '{auditId}'.");
            if (change(current.Audit) is not { } next)
            {
                return (current.Audit, false);
            }

            if (await audits.TryUpdateAsync(next, current.ETag, cancellationToken))
            {
                return (next, true);
            }
        }

        throw new ConcurrencyConflictException($"Internal audit '{auditId}' is being changed by others; try again.");
    }

    private Task RecordAsync<T>(EvidenceKind kind, InternalAudit audit, Actor actor, string summary, T payload, IReadOnlyList<string> clauses, IReadOnlyList<string> controls, CancellationToken cancellationToken)
    {
        var clean = new string([.. summary.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return evidence.RecordAsync(NewEvidence.FromJson(kind, Subject(audit.Id), actor, clauses, controls, audit.Id,
            clean.Length <= 900 ? clean : clean[..900].TrimEnd() + "…", payload, time.GetUtcNow(), RegisterJson.Options), cancellationToken);
    }
}

/// <summary>The auditor's card: the audit's facts and findings, a finding form and "Complete the audit".</summary>
public static class InternalAuditCard
{
    public const string VerbFinding = "internalaudit.finding";
    public const string VerbComplete = "internalaudit.complete";
    public const int MaxFindingsShown = 20;

    public static AdaptiveCard Create(InternalAudit audit, WorkspaceLinks links, string? notice)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(links);
        var body = new List<CardElement>
        {
            TextBlock.Plain("Internal audit: " + CardText.Truncate(audit.Title, 200), weight: "Bolder", size: "Large"),
            new FactSet
            {
                Facts =
                [
                    new Fact("Audit", audit.Id),
                    new Fact("Scope", string.Join(", ", audit.Scope)),
                    new Fact("Planned", audit.PlannedDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    new Fact("Status", audit.Status.ToString()),
                    new Fact("Findings", InternalAuditService.Results(audit)),
                ],
            },
        };
        if (audit.Findings.Count > 0)
        {
            body.Add(new RichTextBlock
            {
                Inlines = [new TextRun { Text = string.Join("\n", audit.Findings.Take(MaxFindingsShown).Select(f =>
                    $"• {InternalAuditService.Describe(f.Type)} ({f.Reference}){(f.NonconformityId is null ? string.Empty : " → " + f.NonconformityId)}: {CardText.Truncate(f.Text, 200)}")) }],
            });
        }

        if (notice is not null)
        {
            body.Add(new Container { Style = "warning", Items = [new RichTextBlock { Inlines = [new TextRun { Text = notice }] }] });
        }

        var card = new AdaptiveCard { FallbackText = $"Internal audit {audit.Id}: {CardText.Truncate(audit.Title, 80)}", Body = body };
        if (audit.Status == InternalAuditStatus.Planned)
        {
            var data = new Dictionary<string, string?> { ["auditId"] = audit.Id };
            card.Actions =
            [
                new ShowCardAction
                {
                    Title = "Record a finding",
                    Card = new AdaptiveCard
                    {
                        MsTeams = null,
                        Body =
                        [
                            new ChoiceSetInput
                            {
                                Id = "type", Label = "Type", IsRequired = true, ErrorMessage = "Choose a type.", Style = "compact",
                                Choices = [.. Enum.GetValues<AuditFindingType>().Select(t => new Choice { Title = InternalAuditService.Describe(t), Value = t.ToString() })],
                            },
                            new TextInput { Id = "reference", Label = "Clause or control (in scope: " + CardText.Truncate(string.Join(", ", audit.Scope), 200) + ")", IsRequired = true, MaxLength = 20, ErrorMessage = "Name the clause or control." },
                            new TextInput { Id = "text", Label = "Finding", IsMultiline = true, IsRequired = true, MaxLength = InternalAuditService.MaxFindingText, ErrorMessage = "Describe the finding." },
                        ],
                        Actions = [new ExecuteAction { Title = "Record", Verb = VerbFinding, Data = new Dictionary<string, string?>(data), AssociatedInputs = "auto" }],
                    },
                },
                new ExecuteAction { Title = "Complete the audit", Verb = VerbComplete, Data = data },
            ];
        }

        return links.AddTo(card, WorkspaceRoutes.Audit(audit.Id));
    }
}

/// <summary>Presses on the audit card: only the audit's auditor (checked in the service against the validated activity).</summary>
public sealed class InternalAuditCardActions(InternalAuditService service, WorkspaceLinks links) : ICardActionHandler
{
    public string Verb => "internalaudit.";

    public async Task<AdaptiveCard> HandleAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.Bind<InternalAuditData>().AuditId;
        var ct = context.Turn.CancellationToken;
        try
        {
            switch (context.Verb)
            {
                case InternalAuditCard.VerbFinding:
                    var input = context.Bind<AuditFindingData>().Finding;
                    var (audit, finding, added) = await service.RecordFindingAsync(id, input, context.Actor, context.Turn.Activity.Id ?? Guid.NewGuid().ToString("N"), ct);
                    return InternalAuditCard.Create(audit, links, !added ? $"Already recorded as {finding.Id}." : $"Recorded {finding.Id}" + (finding.NonconformityId is null ? "." : $"; nonconformity {finding.NonconformityId} opened."));
                case InternalAuditCard.VerbComplete:
                    return InternalAuditCard.Create(await service.CompleteAsync(id, context.Actor, ct), links, "Audit completed.");
                default:
                    throw new CardActionException($"'{context.Verb}' is not an action of internal audits.");
            }
        }
        catch (AccessDeniedException ex)
        {
            return await service.CardAsync(id, "Not allowed: " + ex.Message, ct);
        }
        catch (AuditValidationException ex)
        {
            return await service.CardAsync(id, string.Join(" ", ex.Errors.SelectMany(e => e.Value)), ct);
        }
        catch (KeyNotFoundException ex)
        {
            throw new CardActionException(ex.Message);
        }
    }
}

/// <summary>Audit results for the management review digest (9.3.2 d): audits completed or with findings since the last digest.</summary>
public sealed class InternalAuditResults(IInternalAudits audits) : IAuditResultsSource
{
    public const int MaxLines = 20;

    public async Task<IReadOnlyList<string>> ResultsSinceAsync(DateTimeOffset? since, CancellationToken cancellationToken = default)
    {
        var lines = new List<(DateTimeOffset At, string Text)>();
        await foreach (var audit in audits.ListAsync(cancellationToken))
        {
            var recent = audit.Findings.Where(f => since is null || f.At > since).ToList();
            var completedNow = audit.CompletedAt is { } done && (since is null || done > since);
            if (!completedNow && recent.Count == 0)
            {
                continue;
            }

            var ncs = audit.Findings.Where(f => f.NonconformityId is not null).Select(f => f.NonconformityId!).ToList();
            lines.Add((audit.CompletedAt ?? recent.Max(f => f.At),
                $"{audit.Id} {audit.Title} ({string.Join(", ", audit.Scope)}): {(audit.Status == InternalAuditStatus.Completed ? "completed" : "in progress")}, {InternalAuditService.Results(audit)}" +
                (ncs.Count > 0 ? $" ({string.Join(", ", ncs)})" : string.Empty)));
        }

        return [.. lines.OrderByDescending(l => l.At).Take(MaxLines).Select(l => l.Text)];
    }
}
