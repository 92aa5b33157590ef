using Aims.Core.Register;

namespace Aims.Core.Lifecycle;

/// <summary>
/// Which criteria each gate asks for (section <c>Lifecycle:Gates</c>, by target stage). The defaults follow A.6.2: design
/// needs documented requirements; deployment a current approved impact assessment, a verification report, a deployment plan,
/// no untreated High-or-above risk and an approved SoA; retirement a retirement plan.
/// </summary>
public sealed class GateCriteriaOptions
{
    public const string SectionName = "Lifecycle";

    /// <summary>The criteria of a gate, replacing its default (an empty list: the gate asks for nothing but the approver's decision).</summary>
    public Dictionary<LifecycleStage, GateCriterionKind[]> Gates { get; init; } = [];

    public static IReadOnlyDictionary<LifecycleStage, GateCriterionKind[]> Defaults { get; } = new Dictionary<LifecycleStage, GateCriterionKind[]>
    {
        [LifecycleStage.Design] = [GateCriterionKind.RequirementsDocumented],
        [LifecycleStage.Deployment] =
        [
            GateCriterionKind.ImpactAssessmentCurrent, GateCriterionKind.VerificationReport, GateCriterionKind.DeploymentPlan,
            GateCriterionKind.NoUntreatedHighRisk, GateCriterionKind.SoaApproved,
        ],
        [LifecycleStage.Retirement] = [GateCriterionKind.RetirementPlan],
    };

    public IReadOnlyList<GateCriterionKind> For(LifecycleStage target) =>
        Gates.TryGetValue(target, out var kinds) ? kinds : Defaults.TryGetValue(target, out var defaults) ? defaults : [];
}
