using Aims.Application.Demo;
using Aims.Core.Identity;
using Aims.Core.Objectives;

namespace Aims.Application.Objectives;

/// <summary>The demo organisation's AI objectives: one computed, one monitored (credit scoring bias), one entered by its owner.</summary>
public sealed class ObjectiveDemoSeed(ObjectiveService objectives) : IDemoSeed
{
    private const string Megan = "00000000-0000-0000-0000-0000000000021";
    private static readonly Actor Alex = new("00000000-0000-0000-0000-0000000000020", "Alex Wilber");

    public string Name => "objectives";

    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in objectives.Store.ListAsync(cancellationToken))
        {
            return 0;
        }

        await objectives.SaveAsync(null, new ObjectiveRequest("Training completion per quarter", "AI literacy (EU AI Act Art. 4) for everyone in scope.", ComputedMetrics.TrainingCompletion,
            95, TargetDirection.AtLeast, "%", Alex.ObjectId, 30, MeasurementSource.Computed, null, 0, 100, ["A.4.6", "A.6.1.2"]), null, Alex, cancellationToken);
        await objectives.SaveAsync(null, new ObjectiveRequest("Credit scoring bias gap", "Demographic parity gap of approvals, from the monitoring job.", "bias-gap",
            0.05, TargetDirection.AtMost, "ratio", Megan, 7, MeasurementSource.Monitoring, "demo-credit-scoring", 0, 1, ["A.6.1.2", "A.6.2.6"]), null, Alex, cancellationToken);
        await objectives.SaveAsync(null, new ObjectiveRequest("Explainability rating by analysts", "Quarterly survey of credit analysts (1-5).", "explainability-score",
            4, TargetDirection.AtLeast, "points", Megan, 90, MeasurementSource.Manual, "demo-credit-scoring", 1, 5, ["A.9.3", "A.8.2"]), null, Alex, cancellationToken);
        return 3;
    }
}
