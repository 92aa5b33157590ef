using Aims.Application.Workspace;

namespace Aims.Application.Tests.Cards;

/// <summary>The workspace addresses cards are built with in tests: both forms of a configured host.</summary>
internal static class TestWorkspaceLinks
{
    public const string TeamsAppId = "3f1d2c4b-5a6e-4f70-8a9b-0c1d2e3f4a5b";

    public const string AzureBase = "https://func-aims-abc123.azurewebsites.net/api/workspace/";

    public const string DevHostBase = "http://localhost:3978/workspace/";

    /// <summary>As in Azure: Teams deep links to the workspace tab, the page as their web fallback (the longest form).</summary>
    public static WorkspaceLinks Teams { get; } = new(AzureBase, TeamsAppId);

    /// <summary>As in the DevHost: the page's own address.</summary>
    public static WorkspaceLinks DevHost { get; } = new(DevHostBase, null);
}
