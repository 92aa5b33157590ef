using System.Globalization;
using System.Runtime.CompilerServices;
using Aims.Application.Evidence;
using Aims.Core.Risks;

namespace Aims.Application.Risks;

/// <summary>
/// The risk criteria (the matrix that turns likelihood and impact into a level, 6.1.2), the risk register (6.1.2, 6.1.3,
/// 8.2, 8.3) and the impact assessment of each AI system (6.1.4, 8.4) in the audit pack.
/// </summary>
public sealed class RiskAuditPackSection(IRiskRegister risks, IImpactAssessmentStore assessments, RiskService service) : IAuditPackSection
{
    public static readonly string[] CriteriaHeader = ["likelihood", "impact", "score", "level"];

    public static RegisterTable<PackRow<Risk>> RiskTable { get; } = new(
        "Risk register", "registers/risks/risks", "Every AI risk: inherent and residual level, treatment, owner, state; evidence: submissions, decisions, acceptances, changes.",
        PackRow.Columns<Risk>(ExportRisksHandler.Header))
    {
        Subject = r => RiskNotifier.Subject(r.Item.Id),
    };

    public static RegisterTable<PackRow<int>> CriteriaTable { get; } = new(
        "Risk criteria", "registers/risks/criteria", "The risk matrix in force when the pack was made: the level of each likelihood and impact.",
        PackRow.Columns<int>(CriteriaHeader));

    public static RegisterTable<ImpactAssessment> AssessmentTable { get; } = new(
        "Impact assessments", "registers/impact-assessments/assessments", "The impact assessment of each AI system: impacts on individuals, groups and society, state and decision.",
        [
            new("id", a => a.Id), new("ai_system_id", a => a.AiSystemId), new("title", a => a.Title), new("state", a => a.State.ToString()),
            new("highest_severity", a => a.HighestSeverity.ToString()),
            new("impacts", a => string.Join(" | ", a.Impacts.Select(i => $"{i.Scope}/{i.Severity}: {i.Description} (affects {string.Join(", ", i.AffectedParties)})"))),
            new("linked_risk_ids", a => string.Join(' ', a.LinkedRiskIds)), new("submitted_by", a => a.SubmittedBy), new("submitted_at", a => PackRow.Time(a.SubmittedAt)),
            new("decided_by", a => a.DecidedByName ?? a.DecidedBy), new("decided_at", a => PackRow.Time(a.DecidedAt)), new("comment", a => a.Comment),
            new("revision", a => a.Revision.ToString(CultureInfo.InvariantCulture)),
        ])
    {
        Subject = a => $"impact-assessment:{a.Id}",
    };

    public string Name => "risks";

    public async Task WriteAsync(AuditPackWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteRegisterAsync(CriteriaTable, Criteria(), cancellationToken);
        writer.AddHeadline("Risk criteria", "Likelihood × impact (1-5 each) to Low, Medium, High or Critical", CriteriaTable.Path + ".csv");
        await writer.WriteRegisterAsync(RiskTable, Risks(cancellationToken), cancellationToken);
        await writer.WriteRegisterAsync(AssessmentTable, Assessments(cancellationToken), cancellationToken);
    }

    private async IAsyncEnumerable<PackRow<int>> Criteria()
    {
        await Task.CompletedTask;
        for (var likelihood = 1; likelihood <= RiskMatrix.Size; likelihood++)
        {
            for (var impact = 1; impact <= RiskMatrix.Size; impact++)
            {
                yield return new PackRow<int>(likelihood * 10 + impact,
                    [PackRow.Num(likelihood), PackRow.Num(impact), PackRow.Num(likelihood * impact), service.Matrix.LevelAt(likelihood, impact).ToString()]);
            }
        }
    }

    private async IAsyncEnumerable<PackRow<Risk>> Risks([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var r in risks.ListAllAsync(cancellationToken))
        {
            yield return new PackRow<Risk>(r, ExportRisksHandler.Row(r, service.Matrix));
        }
    }

    private async IAsyncEnumerable<ImpactAssessment> Assessments([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var a in await assessments.ListForSystemAsync(null, cancellationToken))
        {
            yield return a.Assessment;
        }
    }
}
