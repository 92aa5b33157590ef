namespace Aims.Workspace.Tests;

/// <summary>Demo people of src/Aims.DevHost/demo-directory.json the tests sign in as.</summary>
internal static class DemoPeople
{
    public const string AlexWilber = "00000000-0000-0000-0000-0000000000020";
    public const string MeganBowen = "00000000-0000-0000-0000-0000000000021";
    public const string AdeleVance = "00000000-0000-0000-0000-0000000000022";
    public const string IsaiahLanger = "00000000-0000-0000-0000-0000000000023";
    public const string LynneRobbins = "00000000-0000-0000-0000-0000000000025";
}
