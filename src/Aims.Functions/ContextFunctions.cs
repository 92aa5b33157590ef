using Aims.Application.Context;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>HTTP triggers of the context register (4.1-4.3), one per entry of HttpRoutes.All.</summary>
public sealed class ContextFunctions
{
    [Function("GetContext")]
    public Task<IActionResult> GetContext([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "context")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<GetContextHandler>(request, context);

    [Function("ListContextChanges")]
    public Task<IActionResult> ListContextChanges([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "context/changes")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ListContextChangesHandler>(request, context);

    [Function("CreateContextIssue")]
    public Task<IActionResult> CreateContextIssue([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "context/issues")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<CreateContextIssueHandler>(request, context);

    [Function("UpdateContextIssue")]
    public Task<IActionResult> UpdateContextIssue([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "context/issues/{id}")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<UpdateContextIssueHandler>(request, context);

    [Function("CreateInterestedParty")]
    public Task<IActionResult> CreateInterestedParty([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "context/parties")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<CreateInterestedPartyHandler>(request, context);

    [Function("UpdateInterestedParty")]
    public Task<IActionResult> UpdateInterestedParty([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "context/parties/{id}")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<UpdateInterestedPartyHandler>(request, context);

    [Function("UpdateScope")]
    public Task<IActionResult> UpdateScope([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "context/scope")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<UpdateScopeHandler>(request, context);
}
