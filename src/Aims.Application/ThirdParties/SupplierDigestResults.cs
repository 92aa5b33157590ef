using System.Globalization;
using Aims.Core.Records;
using Aims.Core.Reviews;
using Aims.Core.ThirdParties;

namespace Aims.Application.ThirdParties;

/// <summary>The digest's supplier input: every supplier assessment recorded since the previous review (A.10.3), unsatisfactory ones first.</summary>
public sealed class SupplierDigestResults(IRecordStore<ThirdParty> parties) : ISupplierReviewResultsSource
{
    public const int MaxLines = 10;

    public async Task<IReadOnlyList<string>> ResultsSinceAsync(DateTimeOffset? since, CancellationToken cancellationToken = default)
    {
        var results = new List<(AssessmentOutcome Outcome, DateTimeOffset At, string Line)>();
        await foreach (var party in parties.ListAsync(cancellationToken))
        {
            foreach (var a in party.Value.Assessments.Where(a => since is null || a.AssessedAt > since))
            {
                results.Add((a.Outcome, a.AssessedAt, string.Create(CultureInfo.InvariantCulture,
                    $"{party.Value.Name} ({party.Value.Relationship}): {Describe(a.Outcome)} on {a.AssessedAt.UtcDateTime:yyyy-MM-dd} by {a.AssessedByName}: {a.Summary}")));
            }
        }

        var total = results.Count;
        var lines = results.OrderByDescending(r => r.Outcome).ThenByDescending(r => r.At).Take(MaxLines).Select(r => r.Line).ToList();
        if (total > MaxLines)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"… and {total - MaxLines} more in the audit pack."));
        }

        return lines;
    }

    private static string Describe(AssessmentOutcome outcome) => outcome switch
    {
        AssessmentOutcome.Satisfactory => "satisfactory",
        AssessmentOutcome.ConditionsApply => "conditions apply",
        _ => "unsatisfactory",
    };
}
