namespace Aims.Core.Identity;

/// <summary>Who acted: the Entra object id taken from a validated request, and the name shown at that time.</summary>
public sealed record Actor(string ObjectId, string DisplayName)
{
    public static Actor System { get; } = new("system", "AIMS");

    /// <summary>The actor as evidence records it: a display name without control characters, 1-256 long (else the object id).</summary>
    public Actor ForEvidence()
    {
        var name = new string([.. DisplayName.Where(c => !char.IsControl(c))]).Trim();
        return name.Length is > 0 and <= 256 && name == DisplayName ? this : new Actor(ObjectId, name.Length is > 0 and <= 256 ? name : ObjectId);
    }
}
