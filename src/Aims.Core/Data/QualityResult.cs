namespace Aims.Core.Data;

public enum QualityResult
{
    Passed,
    PassedWithIssues,
    Failed,
}
