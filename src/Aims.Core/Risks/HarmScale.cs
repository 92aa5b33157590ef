namespace Aims.Core.Risks;

/// <summary>How many people a harm would reach.</summary>
public enum HarmScale
{
    Few,
    Many,
    Widespread,
}
