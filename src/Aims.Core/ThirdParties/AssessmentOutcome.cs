namespace Aims.Core.ThirdParties;

public enum AssessmentOutcome
{
    Satisfactory,
    ConditionsApply,
    Unsatisfactory,
}
