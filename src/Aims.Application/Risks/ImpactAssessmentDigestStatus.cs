using System.Globalization;
using Aims.Core.Register;
using Aims.Core.Reviews;
using Aims.Core.Risks;

namespace Aims.Application.Risks;

/// <summary>
/// The digest's impact-assessment input: per AI system in scope (not retired), whether its latest approved assessment is
/// current, past its review, awaiting a decision, or missing. Leadership sees the count of each and the systems that need
/// attention, worst first.
/// </summary>
public sealed class ImpactAssessmentDigestStatus(IImpactAssessmentStore assessments, IAiSystemRegistry systems, TimeProvider time) : IImpactAssessmentStatusSource
{
    public const int MaxLines = 10;

    public async Task<IReadOnlyList<string>> StatusAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var bySystem = (await assessments.ListForSystemAsync(null, cancellationToken))
            .Select(v => v.Assessment)
            .GroupBy(a => a.AiSystemId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);

        int current = 0, overdue = 0, awaiting = 0, missing = 0, total = 0;
        var attention = new List<(int Rank, string Line)>();
        string? token = null;
        do
        {
            var page = await systems.ListAsync(new AiSystemQuery { PageSize = AiSystemQuery.MaxPageSize, ContinuationToken = token }, cancellationToken);
            foreach (var system in page.Items.Select(s => s.System))
            {
                total++;
                var mine = bySystem.GetValueOrDefault(system.Id) ?? [];
                var pending = mine.Any(a => a.State == AssessmentState.Submitted);
                if (pending)
                {
                    awaiting++;
                }

                var label = $"{system.Id} {system.Name}";
                if (ImpactAssessmentWorkflow.LatestApproved(mine) is not { } approved)
                {
                    missing++;
                    attention.Add((0, $"{label}: no approved impact assessment{(pending ? " (one awaits its decision)" : string.Empty)}"));
                }
                else if (ImpactAssessmentWorkflow.WhyReviewOverdue(approved, now) is { } why)
                {
                    overdue++;
                    attention.Add((1, $"{label}: {approved.Id} is no longer current: {why}"));
                }
                else
                {
                    current++;
                    if (pending)
                    {
                        attention.Add((2, $"{label}: a new version awaits its decision"));
                    }
                }
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{total} AI systems in scope: {current} with a current approved assessment, {overdue} past their review, {missing} without an approved assessment, {awaiting} awaiting a decision.");
        return [summary, .. attention.OrderBy(a => a.Rank).ThenBy(a => a.Line, StringComparer.Ordinal).Take(MaxLines).Select(a => a.Line)];
    }
}
