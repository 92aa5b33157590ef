namespace Aims.Workspace.Tests;

/// <summary>One DevHost with the demo organisation for every workspace test: starting it takes longer than the tests.</summary>
[CollectionDefinition(Name)]
public sealed class WorkspaceCollection : ICollectionFixture<WorkspaceStack>
{
    public const string Name = "workspace";
}
