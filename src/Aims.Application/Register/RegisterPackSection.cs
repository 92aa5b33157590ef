using System.Runtime.CompilerServices;
using System.Text.Json;
using Aims.Application.Evidence;
using Aims.Core.Catalog;
using Aims.Core.Evidence;
using Aims.Core.Register;
using Aims.Core.Soa;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Register;

/// <summary>
/// The AI system inventory (4.3, A.4.2) and the Statement of Applicability (6.1.3) in the audit pack: the SoA as approved
/// (read back from the evidence of its latest approved version, not from live edits), every approved version, and the live
/// entries marked as such.
/// </summary>
public sealed class RegisterPackSection(IAiSystemRegistry systems, ISoaStore soa, IEvidenceStore evidence, ILogger<RegisterPackSection> logger) : IAuditPackSection
{
    public static RegisterTable<AiSystem> SystemTable { get; } = new(
        "AI systems", "registers/ai-systems/systems", "The AI system inventory, retired systems included: purpose, owner, lifecycle stage, role, data, impacted parties, oversight, risk class.",
        [
            new("id", s => s.Id), new("name", s => s.Details.Name), new("purpose", s => s.Details.Purpose), new("intended_use", s => s.Details.IntendedUse),
            new("owner_object_id", s => s.Details.OwnerObjectId), new("business_unit", s => s.Details.BusinessUnit), new("stage", s => s.Details.Stage.ToString()),
            new("our_role", s => s.Details.OurRole.ToString()), new("model_type", s => s.Details.ModelType), new("third_party_provider", s => s.Details.ThirdPartyProvider),
            new("data_sources", s => string.Join("; ", s.Details.DataSources.Select(d => $"{d.Name} ({d.Classification})"))),
            new("impacted_parties", s => string.Join("; ", s.Details.ImpactedParties)), new("human_oversight", s => s.Details.HumanOversight),
            new("autonomy_level", s => s.Details.AutonomyLevel.ToString()), new("risk_class", s => s.Details.RiskClass.ToString()),
            new("impact_assessment_status", s => s.Details.ImpactAssessmentStatus.ToString()), new("next_review_date", s => PackRow.Date(s.Details.NextReviewDate)),
            new("linked_risk_ids", s => PackRow.Join(s.Details.LinkedRiskIds)), new("retired", s => s.Retired ? "true" : "false"), new("retired_at", s => PackRow.Time(s.RetiredAt)),
            new("created_at", s => PackRow.Time(s.CreatedAt)), new("updated_at", s => PackRow.Time(s.UpdatedAt)),
        ])
    {
        Subject = s => $"ai-system:{s.Id}",
    };

    public static RegisterTable<(SoaSnapshot Snapshot, SoaVersion Version, SoaEntry Entry)> ApprovedSoaTable { get; } = new(
        "Statement of Applicability (approved)", "registers/soa/approved", "The latest approved SoA, as recorded in its approval evidence: each control's applicability, justification, status and evidence.",
        SoaColumns<(SoaSnapshot Snapshot, SoaVersion Version, SoaEntry Entry)>(r => r.Entry, r => r.Version.Version))
    {
        EvidenceIds = r => [r.Version.EvidenceId, .. r.Entry.EvidenceIds],
    };

    public static RegisterTable<SoaVersion> VersionTable { get; } = new(
        "SoA versions", "registers/soa/versions", "Every approved version of the SoA: who approved it, when, and the evidence that holds it.",
        [
            new("version", v => PackRow.Num(v.Version)), new("approved_at", v => PackRow.Time(v.ApprovedAt)), new("approved_by", v => v.ApprovedBy),
            new("approved_by_name", v => v.ApprovedByName), new("applicable", v => PackRow.Num(v.Applicable)), new("implemented", v => PackRow.Num(v.Implemented)),
        ])
    {
        EvidenceIds = v => [v.EvidenceId],
    };

    public static RegisterTable<SoaEntry> LiveSoaTable { get; } = new(
        "Statement of Applicability (live, not approved)", "registers/soa/live", "The SoA as currently edited; it differs from the approved version until the next approval.",
        SoaColumns<SoaEntry>(e => e, _ => null))
    {
        EvidenceIds = e => e.EvidenceIds,
    };

    public string Name => "register";

    public async Task WriteAsync(AuditPackWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteRegisterAsync(SystemTable, systems.ListEverySystemAsync(cancellationToken), cancellationToken);

        var versions = (await soa.ListVersionsAsync(cancellationToken)).OrderBy(v => v.Version).ToList();
        var latest = versions.LastOrDefault();
        var snapshot = latest is null ? null : await ReadSnapshotAsync(latest, cancellationToken);
        await writer.WriteRegisterAsync(ApprovedSoaTable, Approved(snapshot, latest), cancellationToken);
        writer.AddHeadline("Statement of Applicability",
            latest is null ? "Never approved: only live edits exist"
                : snapshot is null ? $"Version {latest.Version}, approved {PackRow.Time(latest.ApprovedAt)} by {latest.ApprovedByName}; its evidence could not be read"
                : $"Version {latest.Version}, approved {PackRow.Time(latest.ApprovedAt)} by {latest.ApprovedByName}: {latest.Applicable} controls applicable, {latest.Implemented} implemented",
            ApprovedSoaTable.Path + ".csv");
        await writer.WriteRegisterAsync(VersionTable, versions.ToAsyncEnumerable(), cancellationToken);
        var live = StatementOfApplicability.Complete(await soa.ListAsync(cancellationToken)).Select(v => v.Entry);
        await writer.WriteRegisterAsync(LiveSoaTable, live.ToAsyncEnumerable(), cancellationToken);
    }

    private static List<PackColumn<T>> SoaColumns<T>(Func<T, SoaEntry> entry, Func<T, int?> version) =>
    [
        new("version", r => version(r) is { } v ? PackRow.Num(v) : "live"), new("control_id", r => entry(r).ControlId),
        new("title", r => Iso42001Catalog.Find(entry(r).ControlId)?.Title), new("applicable", r => entry(r).Applicable ? "true" : "false"),
        new("justification", r => entry(r).Justification), new("status", r => entry(r).Status.ToString()), new("owner_object_id", r => entry(r).OwnerObjectId),
        new("last_reviewed", r => PackRow.Date(entry(r).LastReviewed)), new("updated_at", r => PackRow.Time(entry(r).UpdatedAt)), new("updated_by", r => entry(r).UpdatedBy),
    ];

    private async Task<SoaSnapshot?> ReadSnapshotAsync(SoaVersion version, CancellationToken cancellationToken)
    {
        try
        {
            await using var payload = await evidence.OpenPayloadAsync(version.EvidenceId, cancellationToken);
            return payload is null ? null : await JsonSerializer.DeserializeAsync<SoaSnapshot>(payload, RegisterJson.Options, cancellationToken);
        }
        catch (Exception ex) when (ex is JsonException or EvidenceIntegrityException)
        {
            // The pack still goes out; verify.py names the altered item, and the headline says the snapshot is unreadable.
            logger.LogWarning(ex, "Audit pack: SoA version {Version} evidence {EvidenceId} could not be read", version.Version, version.EvidenceId);
            return null;
        }
    }

    private static async IAsyncEnumerable<(SoaSnapshot, SoaVersion, SoaEntry)> Approved(SoaSnapshot? snapshot, SoaVersion? version)
    {
        await Task.CompletedTask;
        if (snapshot is null || version is null)
        {
            yield break;
        }

        foreach (var e in snapshot.Entries)
        {
            yield return (snapshot, version, e);
        }
    }
}
