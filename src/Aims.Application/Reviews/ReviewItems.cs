using System.Globalization;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Reviews;
using Aims.Core.Risks;
using Aims.Core.Records;
using Aims.Core.Soa;
using Aims.Core.ThirdParties;
using Microsoft.Extensions.Options;

namespace Aims.Application.Reviews;

/// <summary>Settings of review cycles (section <c>ReviewCycles</c>).</summary>
public sealed class ReviewCycleOptions
{
    /// <summary>IANA or Windows time zone id cadences are evaluated in, unless a cycle names its own.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Days between reminders to the owner of an overdue review task (the first on the day after it fell due).</summary>
    public int ReminderIntervalDays { get; set; } = 3;

    /// <summary>Days overdue after which the AIMS managers (and the owner's manager) are told, once.</summary>
    public int EscalateAfterDaysOverdue { get; set; } = 7;

    /// <summary>Days an out-of-cycle impact assessment review (after a significant change) has.</summary>
    public int OutOfCycleDaysAllowed { get; set; } = 14;

    /// <summary>Absolute base URL of the API (https://host); review cards then link to the item. Empty: cards name the API path.</summary>
    public string? LinkBaseUrl { get; set; }
}

/// <summary>One thing to review and who reviews it.</summary>
public sealed record ReviewItem(string Key, string Name, string OwnerObjectId);

/// <summary>
/// The items of a review cycle and what a task card shows about them: AI systems in scope (one task per system to its owner,
/// or to the responsible role when it has none; a supplier review has one per supplier relationship of those systems), or one
/// item (AI policy, SoA, audit programme) for each member of the role.
/// </summary>
public sealed class ReviewItems(
    IAiSystemRegistry systems,
    IRiskRegister risks,
    IImpactAssessmentStore assessments,
    IRecordStore<ThirdParty> parties,
    ISoaStore soa,
    IEvidenceStore evidence,
    IDirectoryClient directory,
    RoleGroupOptions roleGroups,
    IOptions<ReviewCycleOptions> options)
{
    public const int MaxRoleMembers = 200;

    public static string SystemKey(string systemId) => "ai-system:" + systemId;

    public static string SupplierKey(string partyId, string systemId) => $"supplier:{partyId}:{systemId}";

    /// <summary>The supplier and the AI system a supplier review item names; false for any other item.</summary>
    public static bool TryParseSupplierKey(string itemKey, out string partyId, out string systemId)
    {
        ArgumentNullException.ThrowIfNull(itemKey);
        var parts = itemKey.Split(':', 3);
        (partyId, systemId) = parts is ["supplier", { Length: > 0 } p, { Length: > 0 } s] ? (p, s) : (string.Empty, string.Empty);
        return partyId.Length > 0;
    }

    /// <summary>The latest approved impact assessment of a system (the one a re-assessment reviews), or null.</summary>
    public async Task<VersionedAssessment?> LatestApprovedAssessmentAsync(string systemId, CancellationToken cancellationToken)
    {
        var all = await assessments.ListForSystemAsync(systemId, cancellationToken);
        var latest = ImpactAssessmentWorkflow.LatestApproved(all.Select(a => a.Assessment));
        return latest is null ? null : all.First(a => a.Assessment.Id == latest.Id);
    }

    public async Task<IReadOnlyList<ReviewItem>> ForCycleAsync(ReviewCycle cycle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        if (!ReviewKinds.IsPerSystem(cycle.Kind))
        {
            var (key, name) = cycle.Kind switch
            {
                ReviewKind.AiPolicyReview => ("ai-policy", "AI policy"),
                ReviewKind.SoaReview => ("soa", "Statement of Applicability"),
                _ => ("internal-audit-programme", "Internal audit programme"),
            };
            return [.. (await RoleMembersAsync(cycle.ResponsibleRole, cancellationToken)).Select(m => new ReviewItem(key, name, m))];
        }

        var scope = cycle.SystemIds?.ToHashSet(StringComparer.Ordinal);
        var suppliers = new List<ThirdParty>();
        if (cycle.Kind == ReviewKind.SupplierReview)
        {
            await foreach (var p in parties.ListValuesAsync(cancellationToken))
            {
                if (p.Relationship == ThirdPartyRelationship.Supplier) suppliers.Add(p);
            }
        }

        var items = new List<ReviewItem>();
        IReadOnlyList<string>? roleMembers = null;
        string? token = null;
        do
        {
            var page = await systems.ListAsync(new AiSystemQuery { PageSize = AiSystemQuery.MaxPageSize, ContinuationToken = token }, cancellationToken);
            foreach (var system in page.Items.Select(v => v.System))
            {
                if (scope is not null && !scope.Contains(system.Id))
                {
                    continue;
                }

                // A supplier review reviews the supplier records of the system (A.10.3): one item per supplier relationship.
                var subjects = cycle.Kind == ReviewKind.SupplierReview
                    ? [.. suppliers.Where(p => p.SystemIds.Contains(system.Id, StringComparer.OrdinalIgnoreCase)).Select(p => (SupplierKey(p.Id, system.Id), $"{p.Name} for {system.Name}"))]
                    : new List<(string Key, string Name)> { (SystemKey(system.Id), system.Name) };
                if (subjects.Count == 0)
                {
                    continue;
                }

                if (!string.IsNullOrWhiteSpace(system.Details.OwnerObjectId))
                {
                    items.AddRange(subjects.Select(s => new ReviewItem(s.Key, s.Name, system.Details.OwnerObjectId)));
                    continue;
                }

                roleMembers ??= await RoleMembersAsync(cycle.ResponsibleRole, cancellationToken);
                items.AddRange(subjects.SelectMany(s => roleMembers.Select(m => new ReviewItem(s.Key, s.Name, m))));
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        return items;
    }

    public async Task<IReadOnlyList<string>> RoleMembersAsync(AimsRole role, CancellationToken cancellationToken) =>
        [.. (await directory.GetRoleMembersAsync(roleGroups, role, MaxRoleMembers, cancellationToken)).Select(u => u.ObjectId)];

    /// <summary>The facts and the changes since <paramref name="since"/> (the item's last completed review; null: never reviewed).</summary>
    public async Task<ReviewItemView> ViewAsync(ReviewTask task, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var heading = since is null ? "Latest recorded changes (first review)" : $"Changes since the last review ({since.Value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})";
        if (TryParseSupplierKey(task.ItemKey, out var partyId, out var partySystemId))
        {
            return await SupplierViewAsync(partyId, partySystemId, heading, since, cancellationToken);
        }

        if (task.ItemKey.StartsWith("ai-system:", StringComparison.Ordinal))
        {
            var id = task.ItemKey["ai-system:".Length..];
            var path = "/api/systems/" + Uri.EscapeDataString(id);
            var system = (await systems.GetAsync(id, cancellationToken))?.System;
            var facts = system is null
                ? [("AI system", id + " (no longer in the register)")]
                : new List<(string, string)>
                {
                    ("AI system", $"{system.Name} ({system.Id})"),
                    ("Life cycle stage", system.Details.Stage.ToString()),
                    ("Model", system.Details.ModelType + (system.Details.ThirdPartyProvider is { Length: > 0 } p ? $" from {p}" : string.Empty)),
                    ("Risk class", system.Details.RiskClass.ToString()),
                    ("Impact assessment", system.Details.ImpactAssessmentStatus + (system.Details.ImpactAssessmentDate is { } d ? $" ({d:yyyy-MM-dd})" : string.Empty)),
                    ("Data sources", system.Details.DataSources.Count.ToString(CultureInfo.InvariantCulture)),
                };
            if (task.Kind == ReviewKind.ImpactAssessmentReview && system is not null)
            {
                facts.AddRange(await AssessmentFactsAsync(system.Id, cancellationToken));
            }

            var changes = new List<(DateTimeOffset At, string Text)>();
            var registerChanges = await evidence.ListAsync(new EvidenceQuery { Subject = SystemKey(id), Kind = EvidenceKind.RegisterChange, From = since, PageSize = 100 }, cancellationToken);
            changes.AddRange(registerChanges.Items.Where(e => since is null || e.RecordedAt > since).Select(e => (e.RecordedAt, e.Summary)));
            var systemRisks = await risks.ListAsync(new RiskQuery { AiSystemId = id, PageSize = RiskQuery.MaxPageSize }, cancellationToken);
            foreach (var risk in systemRisks.Items.Select(r => r.Risk).Where(r => since is null || r.UpdatedAt > since))
            {
                changes.Add((risk.UpdatedAt, $"Risk {risk.Id} '{risk.Title}' {(risk.CreatedAt == risk.UpdatedAt ? "added" : "changed")}: {risk.State}"));
            }

            return new ReviewItemView([.. facts], heading, [.. changes.OrderByDescending(c => c.At).Select(c => $"{c.At.UtcDateTime:yyyy-MM-dd} {c.Text}")], path, Link(path));
        }

        if (task.ItemKey == "soa")
        {
            var entries = StatementOfApplicability.Complete(await soa.ListAsync(cancellationToken)).Select(v => v.Entry).ToList();
            var changed = entries.Where(e => e.UpdatedAt is { } at && (since is null || at > since)).OrderByDescending(e => e.UpdatedAt)
                .Select(e => $"{e.UpdatedAt!.Value.UtcDateTime:yyyy-MM-dd} {e.ControlId}: {(e.Applicable ? e.Status.ToString() : "not applicable")}").ToList();
            return new ReviewItemView(
                [("Applicable controls", entries.Count(e => e.Applicable).ToString(CultureInfo.InvariantCulture)), ("Implemented", entries.Count(e => e.Applicable && e.Status == ImplementationStatus.Implemented).ToString(CultureInfo.InvariantCulture))],
                heading, changed, "/api/soa", Link("/api/soa"));
        }

        var subject = "review-cycle:" + task.CycleId;
        var outcomes = await evidence.ListAsync(new EvidenceQuery { Subject = subject, Kind = EvidenceKind.ReviewOutcome, From = since, PageSize = 20 }, cancellationToken);
        return new ReviewItemView([], heading, [.. outcomes.Items.Where(e => since is null || e.RecordedAt > since).OrderByDescending(e => e.RecordedAt).Select(e => $"{e.RecordedAt.UtcDateTime:yyyy-MM-dd} {e.Summary}")], "/api/review-cycles", Link("/api/review-cycles"));
    }

    /// <summary>What an impact assessment review re-assesses: the approved version, its next review date, and how the review is completed.</summary>
    private async Task<IEnumerable<(string, string)>> AssessmentFactsAsync(string systemId, CancellationToken cancellationToken)
    {
        if (await LatestApprovedAssessmentAsync(systemId, cancellationToken) is not { } latest)
        {
            return [("Approved assessment", "none: write one and submit it for approval (POST /api/impact-assessments)")];
        }

        var a = latest.Assessment;
        return
        [
            ("Approved assessment", $"{a.Id} version {a.Version}, approved {a.DecidedAt!.Value.UtcDateTime:yyyy-MM-dd} by {a.DecidedByName ?? a.DecidedBy}"),
            ("Next review date", a.NextReviewDate is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "not set"),
            ("To complete this review", $"approve a new version (POST /api/impact-assessments/{a.Id}/versions, then submit it), or an independent reviewer records it reviewed with no change (POST /api/impact-assessments/{a.Id}/reviews)"),
        ];
    }

    private async Task<ReviewItemView> SupplierViewAsync(string partyId, string systemId, string heading, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var path = "/api/third-parties/" + Uri.EscapeDataString(partyId);
        var party = (await parties.GetAsync(partyId, cancellationToken))?.Value;
        var system = (await systems.GetAsync(systemId, cancellationToken))?.System;
        if (party is null)
        {
            return new ReviewItemView([("Supplier", partyId + " (no longer in the register)")], heading, [], path, Link(path));
        }

        var latest = party.LatestAssessment;
        List<(string, string)> facts =
        [
            ("Supplier", $"{party.Name} ({party.Id})"),
            ("AI system", system is null ? systemId : $"{system.Name} ({system.Id})"),
            ("Provides", party.Provides),
            ("Responsibilities", party.Responsibilities.Count == 0 ? "none recorded" : string.Join("; ", party.Responsibilities.Select(r => $"{r.Party}: {r.Duty}"))),
            ("Last assessment", latest is null ? "never assessed" : $"{latest.Outcome} on {latest.AssessedAt.UtcDateTime:yyyy-MM-dd} by {latest.AssessedByName}: {latest.Summary}"),
        ];
        var changes = await evidence.ListAsync(new EvidenceQuery { Subject = ThirdParties.ThirdPartyService.Subject(party.Id), From = since, PageSize = 20 }, cancellationToken);
        return new ReviewItemView(facts, heading, [.. changes.Items.Where(e => since is null || e.RecordedAt > since).OrderByDescending(e => e.RecordedAt).Select(e => $"{e.RecordedAt.UtcDateTime:yyyy-MM-dd} {e.Summary}")], path, Link(path));
    }

    private Uri? Link(string path) =>
        Uri.TryCreate(options.Value.LinkBaseUrl, UriKind.Absolute, out var root) && root.Scheme == Uri.UriSchemeHttps ? new Uri(root, path) : null;
}
