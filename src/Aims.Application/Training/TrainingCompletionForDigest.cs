using Aims.Core.Reviews;
using Aims.Core.Training;

namespace Aims.Application.Training;

/// <summary>
/// Training completion by department for the management review digest (7.2, 7.3): summed over every launched campaign,
/// from the same status the campaign API shows.
/// </summary>
public sealed class TrainingCompletionForDigest(ITrainingCampaignStore campaigns, TrainingService training) : ITrainingCompletionByDepartment
{
    public async Task<IReadOnlyList<DepartmentCompletion>> GetAsync(CancellationToken cancellationToken = default)
    {
        var totals = new Dictionary<string, (int Completed, int Assigned)>(StringComparer.OrdinalIgnoreCase);
        foreach (var campaign in await campaigns.ListAsync(cancellationToken))
        {
            if (campaign.Campaign.State != CampaignState.Launched)
            {
                continue;
            }

            var status = await training.StatusAsync(campaign.Campaign, cancellationToken);
            foreach (var row in status.ByDepartment)
            {
                var (completed, assigned) = totals.GetValueOrDefault(row.Key);
                totals[row.Key] = (completed + row.Attested, assigned + row.Total);
            }
        }

        return [.. totals.OrderBy(t => t.Key, StringComparer.OrdinalIgnoreCase).Select(t => new DepartmentCompletion(t.Key, t.Value.Completed, t.Value.Assigned))];
    }
}
