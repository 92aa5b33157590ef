using Aims.Application.Http;
using Aims.Core.Identity;

namespace Aims.Application.Context;

/// <summary>The context register endpoints (4.1-4.3), declared once; both hosts serve exactly these.</summary>
public static class ContextEndpoints
{
    /// <summary>Routes (relative to /api), one constant per endpoint, named as its function; the Functions triggers use the same constants.</summary>
    public static class Routes
    {
        public const string GetContext = "context";
        public const string ListContextChanges = "context/changes";
        public const string CreateContextIssue = "context/issues";
        public const string UpdateContextIssue = "context/issues/{id}";
        public const string CreateInterestedParty = "context/parties";
        public const string UpdateInterestedParty = "context/parties/{id}";
        public const string UpdateScope = "context/scope";
    }

    private static readonly EndpointAccess Editors = EndpointAccess.Require([AimsRole.AimsManager], "edit the context register");
    private static readonly EndpointAccess Readers = EndpointAccess.Require(ContextAccess.Readers, "read the context register");

    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        Declare.Get<GetContextHandler>(nameof(Routes.GetContext), Routes.GetContext, Readers)
            .Describe("Issues (4.1), interested parties (4.2) and the scope statement (4.3)."),
        Declare.Get<ListContextChangesHandler>(nameof(Routes.ListContextChanges), Routes.ListContextChanges, Readers)
            .Describe("The change log, newest first (?since=)."),
        Declare.Post<CreateContextIssueHandler, IssueRequest>(nameof(Routes.CreateContextIssue), Routes.CreateContextIssue, Editors)
            .Describe("Adds an internal or external issue."),
        Declare.Put<UpdateContextIssueHandler, IssueRequest>(nameof(Routes.UpdateContextIssue), Routes.UpdateContextIssue, Editors)
            .Describe("Changes an issue (If-Match honoured)."),
        Declare.Post<CreateInterestedPartyHandler, PartyRequest>(nameof(Routes.CreateInterestedParty), Routes.CreateInterestedParty, Editors)
            .Describe("Adds an interested party."),
        Declare.Put<UpdateInterestedPartyHandler, PartyRequest>(nameof(Routes.UpdateInterestedParty), Routes.UpdateInterestedParty, Editors)
            .Describe("Changes an interested party (If-Match honoured)."),
        Declare.Put<UpdateScopeHandler, ScopeRequest>(nameof(Routes.UpdateScope), Routes.UpdateScope, Editors)
            .Describe("The scope statement and its boundaries (If-Match honoured)."),
    ];
}
