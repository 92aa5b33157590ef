namespace Aims.Core.Register;

/// <summary>
/// Changes to an AI system that call for an out-of-cycle impact assessment review (6.1.4 "when significant changes are proposed",
/// 8.4): its life cycle stage, its model (type or third-party provider), its intended use and its data sources. All but the stage
/// also put the system's impact assessment out of date (<see cref="ReopensAssessment"/>).
/// </summary>
public static class SignificantChange
{
    /// <summary>What changed significantly, one line per fact; empty when nothing did.</summary>
    public static IReadOnlyList<string> Between(AiSystemDetails before, AiSystemDetails after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<string>();
        if (before.Stage != after.Stage)
        {
            changes.Add($"life cycle stage {before.Stage} -> {after.Stage}");
        }

        if (!string.Equals((before.IntendedUse ?? string.Empty).Trim(), (after.IntendedUse ?? string.Empty).Trim(), StringComparison.Ordinal))
        {
            changes.Add("intended use changed");
        }

        if (!string.Equals(before.ModelType, after.ModelType, StringComparison.Ordinal))
        {
            changes.Add($"model {before.ModelType} -> {after.ModelType}");
        }

        if (!string.Equals(before.ThirdPartyProvider ?? string.Empty, after.ThirdPartyProvider ?? string.Empty, StringComparison.Ordinal))
        {
            changes.Add($"model provider {before.ThirdPartyProvider ?? "none"} -> {after.ThirdPartyProvider ?? "none"}");
        }

        var was = before.DataSources.Select(Describe).ToHashSet(StringComparer.Ordinal);
        var now = after.DataSources.Select(Describe).ToHashSet(StringComparer.Ordinal);
        var added = now.Except(was).Order(StringComparer.Ordinal).ToList();
        var removed = was.Except(now).Order(StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            changes.Add("data sources added: " + string.Join(", ", added));
        }

        if (removed.Count > 0)
        {
            changes.Add("data sources removed: " + string.Join(", ", removed));
        }

        return changes;
    }

    /// <summary>
    /// Whether the change makes the approved impact assessment out of date: the system itself changed (model, data, intended
    /// use), not merely moved through a gate, whose own criteria already looked at the assessment.
    /// </summary>
    public static bool ReopensAssessment(AiSystemDetails before, AiSystemDetails after) =>
        Between(before, after with { Stage = before.Stage }).Count > 0;

    private static string Describe(DataSource source) => $"{source.Name} ({source.Classification})";
}

/// <summary>Port: told after a stored update of an AI system changed it significantly (<see cref="SignificantChange"/>).</summary>
public interface ISignificantChangeObserver
{
    Task OnSignificantChangeAsync(AiSystem system, IReadOnlyList<string> changes, CancellationToken cancellationToken = default);
}
