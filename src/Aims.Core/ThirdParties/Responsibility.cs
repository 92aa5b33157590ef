namespace Aims.Core.ThirdParties;

/// <summary>Who is responsible for what across the AI system's life cycle (A.10.2).</summary>
public sealed record Responsibility(string Party, string Duty);
