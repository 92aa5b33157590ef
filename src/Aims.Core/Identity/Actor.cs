namespace Aims.Core.Identity;

/// <summary>Who acted: the Entra object id taken from a validated request, and the name shown at that time.</summary>
public sealed record Actor(string ObjectId, string DisplayName)
{
    public static Actor System { get; } = new("system", "AIMS");
}
