namespace Aims.Core.Reports;

/// <summary>A 10.2 step that is not allowed now; the reason is safe to show to the person who tried.</summary>
public sealed class CorrectiveActionRefusedException(string reason) : Exception(reason);
