namespace Aims.Core.Risks;

public enum RiskLevel
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>
/// A 5x5 risk matrix: likelihood (rows) by impact (columns), each cell a level. The default follows the common
/// score bands (score = likelihood × impact): 1-4 Low, 5-9 Medium, 10-16 High, 20-25 Critical. Organisations replace it by configuration.
/// </summary>
public sealed class RiskMatrix
{
    public const int Size = 5;
    private readonly RiskLevel[,] _cells;

    public RiskMatrix(RiskLevel[,] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.GetLength(0) != Size || cells.GetLength(1) != Size)
        {
            throw new ArgumentException("A risk matrix has 5 rows (likelihood 1-5) and 5 columns (impact 1-5).", nameof(cells));
        }

        _cells = (RiskLevel[,])cells.Clone();
    }

    public static RiskMatrix Default { get; } = FromScoreBands(lowMax: 4, mediumMax: 9, highMax: 16);

    /// <summary>
    /// The risk appetite: the highest residual level a risk owner may approve alone. Above it, whatever the treatment, top
    /// management must accept the residual risk as well (6.1.3). Default Medium: High and Critical residual risks go to top management.
    /// </summary>
    public RiskLevel Appetite { get; init; } = RiskLevel.Medium;

    /// <summary>The same matrix with another appetite.</summary>
    public RiskMatrix WithAppetite(RiskLevel appetite) => new(_cells) { Appetite = appetite };

    /// <summary>Whether a residual rating at <paramref name="level"/> needs top management's acceptance.</summary>
    public bool IsAboveAppetite(RiskLevel level) => level > Appetite;

    /// <summary>A matrix from score thresholds (inclusive upper bounds of Low, Medium and High).</summary>
    public static RiskMatrix FromScoreBands(int lowMax, int mediumMax, int highMax)
    {
        if (!(lowMax < mediumMax && mediumMax < highMax && highMax < 25 && lowMax >= 1))
        {
            throw new ArgumentException("Score bands must rise: 1 <= Low max < Medium max < High max < 25.");
        }

        var cells = new RiskLevel[Size, Size];
        for (var l = 1; l <= Size; l++)
        {
            for (var i = 1; i <= Size; i++)
            {
                var score = l * i;
                cells[l - 1, i - 1] = score <= lowMax ? RiskLevel.Low : score <= mediumMax ? RiskLevel.Medium : score <= highMax ? RiskLevel.High : RiskLevel.Critical;
            }
        }

        return new RiskMatrix(cells);
    }

    /// <summary>Reads a matrix written as five rows (likelihood 5 first, as it is drawn) of five level names.</summary>
    public static RiskMatrix Parse(IReadOnlyList<string> rowsTopDown)
    {
        ArgumentNullException.ThrowIfNull(rowsTopDown);
        if (rowsTopDown.Count != Size)
        {
            throw new FormatException("A risk matrix needs 5 rows, likelihood 5 first.");
        }

        var cells = new RiskLevel[Size, Size];
        for (var r = 0; r < Size; r++)
        {
            var names = rowsTopDown[r].Split([',', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (names.Length != Size)
            {
                throw new FormatException($"Row {r + 1} of the risk matrix needs 5 levels, not {names.Length}.");
            }

            for (var c = 0; c < Size; c++)
            {
                cells[Size - 1 - r, c] = Enum.TryParse<RiskLevel>(names[c], ignoreCase: true, out var level)
                    ? level
                    : throw new FormatException($"'{names[c]}' is not a risk level (Low, Medium, High, Critical).");
            }
        }

        return new RiskMatrix(cells);
    }

    public RiskLevel LevelAt(int likelihood, int impact)
    {
        CheckScale(likelihood, nameof(likelihood));
        CheckScale(impact, nameof(impact));
        return _cells[likelihood - 1, impact - 1];
    }

    public RiskRating Rate(int likelihood, int impact) => new(likelihood, impact, likelihood * impact, LevelAt(likelihood, impact));

    public static bool IsOnScale(int value) => value is >= 1 and <= Size;

    private static void CheckScale(int value, string name)
    {
        if (!IsOnScale(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "Likelihood and impact are rated 1 to 5.");
        }
    }
}
