using Aims.Core.Risks;

namespace Aims.Application.Risks;

/// <summary>Risk workflow settings (section <c>Risks</c>).</summary>
public sealed class RiskOptions
{
    /// <summary>The 5x5 matrix as five rows of level names, likelihood 5 first. Empty: the default score bands.</summary>
    public IList<string> Matrix { get; } = [];

    /// <summary>Days a decision may wait before the approver is reminded (then once a day).</summary>
    public int ReminderAfterDays { get; set; } = 3;

    /// <summary>Days a decision may wait before the AIMS managers are told.</summary>
    public int EscalateAfterDays { get; set; } = 7;

    /// <summary>How many days before its due date the owner of a treatment action is reminded (once; again once it is overdue).</summary>
    public int ActionReminderDaysBefore { get; set; } = 3;

    /// <summary>The risk appetite: the highest residual level a risk owner may approve alone (Low, Medium, High or Critical).</summary>
    public RiskLevel Appetite { get; set; } = RiskLevel.Medium;

    public RiskMatrix BuildMatrix() => (Matrix.Count == 0 ? RiskMatrix.Default : RiskMatrix.Parse([.. Matrix])).WithAppetite(Appetite);
}
