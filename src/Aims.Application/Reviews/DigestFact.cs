namespace Aims.Application.Reviews;

/// <summary>A named figure of a digest section ("Open actions": "3").</summary>
public sealed record DigestFact(string Title, string Value);
