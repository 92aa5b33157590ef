namespace Aims.Core.Risks;

/// <summary>Whether a harm can be undone (ISO/IEC 42005 asks for it per potential harm).</summary>
public enum Reversibility
{
    Reversible,
    PartlyReversible,
    Irreversible,
}
