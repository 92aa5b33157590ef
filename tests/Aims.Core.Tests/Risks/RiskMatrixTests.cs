using Aims.Core.Risks;

namespace Aims.Core.Tests.Risks;

public sealed class RiskMatrixTests
{
    [Theory]
    [InlineData(1, 1, 1, RiskLevel.Low)]
    [InlineData(2, 2, 4, RiskLevel.Low)]
    [InlineData(1, 5, 5, RiskLevel.Medium)]
    [InlineData(3, 3, 9, RiskLevel.Medium)]
    [InlineData(2, 5, 10, RiskLevel.High)]
    [InlineData(4, 4, 16, RiskLevel.High)]
    [InlineData(4, 5, 20, RiskLevel.Critical)]
    [InlineData(5, 5, 25, RiskLevel.Critical)]
    public void The_default_matrix_bands_scores(int likelihood, int impact, int score, RiskLevel level)
    {
        var rating = RiskMatrix.Default.Rate(likelihood, impact);

        Assert.Equal(score, rating.Score);
        Assert.Equal(level, rating.Level);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(6, 3)]
    [InlineData(3, 0)]
    [InlineData(3, 6)]
    public void Ratings_off_the_1_to_5_scale_are_refused(int likelihood, int impact) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RiskMatrix.Default.Rate(likelihood, impact));

    [Fact]
    public void A_configured_matrix_is_read_top_row_first()
    {
        var matrix = RiskMatrix.Parse([
            "High High Critical Critical Critical",
            "Medium High High Critical Critical",
            "Low Medium High High Critical",
            "Low Low Medium Medium High",
            "Low Low Low Low Medium",
        ]);

        Assert.Equal(RiskLevel.Critical, matrix.LevelAt(5, 5));
        Assert.Equal(RiskLevel.High, matrix.LevelAt(5, 1));
        Assert.Equal(RiskLevel.Medium, matrix.LevelAt(1, 5));
        Assert.Equal(RiskLevel.Low, matrix.LevelAt(1, 1));
        Assert.Equal(RiskLevel.High, matrix.LevelAt(3, 3));
    }

    [Fact]
    public void A_malformed_matrix_is_refused_with_the_reason()
    {
        var e = Assert.Throws<FormatException>(() => RiskMatrix.Parse(["Low Low", "x", "x", "x", "x"]));
        Assert.Contains("Row 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => RiskMatrix.Parse(["Low Low Low Low Huge", "Low Low Low Low Low", "Low Low Low Low Low", "Low Low Low Low Low", "Low Low Low Low Low"]));
        Assert.Throws<ArgumentException>(() => RiskMatrix.FromScoreBands(9, 4, 16));
    }
}
