namespace Aims.Application.Reviews;

/// <summary>
/// One heading of the digest's 9.3.2 inputs as every reader shows it (the archived page, the workspace, the meeting panel): its
/// figures, then its lines. <see cref="Lines"/> null with <see cref="HasList"/> means the source is not connected yet.
/// </summary>
public sealed record DigestSection(int Level, string Title, IReadOnlyList<DigestFact> Facts, bool HasList, IReadOnlyList<string>? Lines, string? Empty);
