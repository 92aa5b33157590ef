using Aims.Application.Evidence;
using Aims.Core.Records;
using Aims.Core.ThirdParties;

namespace Aims.Application.ThirdParties;

/// <summary>Third-party relationships (A.10) in the audit pack: suppliers and customers, and every supplier assessment.</summary>
public sealed class ThirdPartyPackSection(IRecordStore<ThirdParty> parties) : IAuditPackSection
{
    public static RegisterTable<ThirdParty> PartyTable { get; } = new(
        "Suppliers and customers", "registers/third-parties/third-parties", "Suppliers and customers of AI systems: what each provides or receives, responsibilities (A.10.2), what customers are told (A.10.4), latest assessment.",
        [
            new("id", p => p.Id), new("name", p => p.Name), new("relationship", p => p.Relationship.ToString()), new("system_ids", p => PackRow.Join(p.SystemIds)),
            new("provides", p => p.Provides), new("responsibilities", p => string.Join(" | ", p.Responsibilities.Select(r => $"{r.Party}: {r.Duty}"))),
            new("customer_information", p => p.CustomerInformation), new("latest_assessment", p => p.LatestAssessment is { } a ? $"{a.Outcome} {PackRow.Time(a.AssessedAt)}" : null),
        ])
    {
        Subject = p => ThirdPartyService.Subject(p.Id),
    };

    public static RegisterTable<(ThirdParty Party, SupplierAssessment Assessment)> AssessmentTable { get; } = new(
        "Supplier assessments", "registers/third-parties/assessments", "Every supplier assessment (A.10.3): outcome, summary, by whom, when.",
        [
            new("third_party_id", r => r.Party.Id), new("name", r => r.Party.Name), new("outcome", r => r.Assessment.Outcome.ToString()), new("summary", r => r.Assessment.Summary),
            new("assessed_by", r => r.Assessment.AssessedByName), new("assessed_at", r => PackRow.Time(r.Assessment.AssessedAt)),
        ])
    {
        Subject = r => ThirdPartyService.Subject(r.Party.Id),
        Matches = (r, item) => item.Kind == Core.Evidence.EvidenceKind.SupplierAssessment && item.RecordedAt == r.Assessment.AssessedAt,
    };

    public string Name => "third-parties";

    public async Task WriteAsync(AuditPackWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteRegisterAsync(PartyTable, parties.ListValuesAsync(cancellationToken), cancellationToken);
        await writer.WriteRegisterAsync(AssessmentTable, PackRow.Children(parties.ListValuesAsync(cancellationToken), p => p.Assessments, cancellationToken), cancellationToken);
    }
}
