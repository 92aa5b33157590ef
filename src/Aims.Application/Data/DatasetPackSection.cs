using Aims.Application.Evidence;
using Aims.Core.Data;
using Aims.Core.Records;

namespace Aims.Application.Data;

/// <summary>Data for AI systems (A.7) in the audit pack: every dataset, and every quality check with its result.</summary>
public sealed class DatasetPackSection(IRecordStore<Dataset> datasets) : IAuditPackSection
{
    public static RegisterTable<Dataset> DatasetTable { get; } = new(
        "Datasets", "registers/data/datasets", "Datasets used by AI systems: source, licence, acquisition, personal data and its basis, provenance, preparation, version (A.7.2-A.7.6).",
        [
            new("id", d => d.Id), new("name", d => d.Name), new("system_ids", d => PackRow.Join(d.SystemIds)), new("source", d => d.Source), new("licence", d => d.Licence),
            new("acquired_on", d => PackRow.Date(d.AcquiredOn)), new("personal_data", d => d.PersonalData ? "true" : "false"), new("legal_basis", d => d.LegalBasis),
            new("provenance", d => d.Provenance), new("preparation_steps", d => string.Join(" | ", d.PreparationSteps)), new("version", d => d.Version),
            new("quality_checks", d => PackRow.Num(d.QualityChecks.Count)), new("updated_at", d => PackRow.Time(d.UpdatedAt)),
        ])
    {
        Subject = d => DatasetService.Subject(d.Id),
    };

    public static RegisterTable<(Dataset Dataset, QualityCheck Check)> QualityTable { get; } = new(
        "Data quality checks", "registers/data/quality-checks", "Every data quality check (A.7.4): dataset version, what was checked, result, by whom, when.",
        [
            new("dataset_id", r => r.Dataset.Id), new("dataset_version", r => r.Check.DatasetVersion), new("check", r => r.Check.Check), new("result", r => r.Check.Result.ToString()),
            new("detail", r => r.Check.Detail), new("checked_by", r => r.Check.CheckedByName), new("checked_at", r => PackRow.Time(r.Check.CheckedAt)),
        ])
    {
        Subject = r => DatasetService.Subject(r.Dataset.Id),
        Matches = (r, item) => item.Summary.Contains($"quality check '{r.Check.Check}'", StringComparison.Ordinal),
    };

    public string Name => "datasets";

    public async Task WriteAsync(AuditPackWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteRegisterAsync(DatasetTable, datasets.ListValuesAsync(cancellationToken), cancellationToken);
        await writer.WriteRegisterAsync(QualityTable, PackRow.Children(datasets.ListValuesAsync(cancellationToken), d => d.QualityChecks, cancellationToken), cancellationToken);
    }
}
