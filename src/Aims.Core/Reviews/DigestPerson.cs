namespace Aims.Core.Reviews;

/// <summary>A person offered as an action owner on a digest card, as the directory named them when the digest was sent.</summary>
public sealed record DigestPerson(string ObjectId, string DisplayName);
