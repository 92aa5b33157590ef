using Aims.Application.Workspace;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>The workspace tab's triggers: its files (shipped in this app's output by the build), its public settings and the caller.</summary>
public sealed class WorkspaceFunctions
{
    [Function(nameof(WorkspaceEndpoints.Routes.GetWorkspace))]
    public Task<IActionResult> GetWorkspace([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WorkspaceEndpoints.Routes.GetWorkspace)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(WorkspaceEndpoints.Routes.GetWorkspaceConfig))]
    public Task<IActionResult> GetWorkspaceConfig([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WorkspaceEndpoints.Routes.GetWorkspaceConfig)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(WorkspaceEndpoints.Routes.GetMe))]
    public Task<IActionResult> GetMe([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WorkspaceEndpoints.Routes.GetMe)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(WorkspaceEndpoints.Routes.FindPeople))]
    public Task<IActionResult> FindPeople([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WorkspaceEndpoints.Routes.FindPeople)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);
}
