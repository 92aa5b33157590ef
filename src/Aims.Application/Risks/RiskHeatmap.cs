namespace Aims.Application.Risks;

/// <summary>
/// The answer of <c>GET /api/risks/heatmap</c>: risks counted per cell of the 5x5 matrix, inherent and residual, rows by
/// likelihood 1-5 and columns by impact 1-5 (index 0 is 1), with the matrix's level of each cell.
/// </summary>
public sealed record RiskHeatmap(int Total, IReadOnlyList<IReadOnlyList<int>> Inherent, IReadOnlyList<IReadOnlyList<int>> Residual, IReadOnlyList<IReadOnlyList<string>> Levels);
