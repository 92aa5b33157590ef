using Aims.Application.Http;
using Aims.Core.Risks;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Risks;

/// <summary>
/// <c>GET /api/risks/heatmap</c>: the whole register counted on the server, so a dashboard over 10,000 risks reads 75 cells
/// rather than every risk. Levels come from the configured matrix, so the page colours cells as the API rates them.
/// </summary>
public sealed class RiskHeatmapHandler(IRiskRegister risks, RiskService service) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var size = RiskMatrix.Size;
        var inherent = new int[size][];
        var residual = new int[size][];
        for (var i = 0; i < size; i++)
        {
            inherent[i] = new int[size];
            residual[i] = new int[size];
        }

        var total = 0;
        await foreach (var risk in risks.ListSummariesAsync(request.Aborted))
        {
            total++;
            Count(inherent, risk.Likelihood, risk.Impact);
            Count(residual, risk.ResidualLikelihood, risk.ResidualImpact);
        }

        var levels = Enumerable.Range(1, size)
            .Select(l => (IReadOnlyList<string>)[.. Enumerable.Range(1, size).Select(i => service.Matrix.LevelAt(l, i).ToString())])
            .ToList();
        return ApiResults.Ok(new RiskHeatmap(total, inherent, residual, levels));
    }

    private static void Count(int[][] grid, int likelihood, int impact)
    {
        if (RiskMatrix.IsOnScale(likelihood) && RiskMatrix.IsOnScale(impact))
        {
            grid[likelihood - 1][impact - 1]++;
        }
    }
}
