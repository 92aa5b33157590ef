using Aims.Application.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>
/// Controlled document HTTP triggers (7.5). Name and route come from <see cref="DocumentEndpoints.Routes"/>, the handler from the declaration in <see cref="DocumentEndpoints.All"/>:
/// each trigger only dispatches by its function name (HostParityTests checks the method too).
/// </summary>
public sealed class DocumentFunctions
{
    [Function(nameof(DocumentEndpoints.Routes.ListDocuments))]
    public Task<IActionResult> ListDocuments([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DocumentEndpoints.Routes.ListDocuments)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(DocumentEndpoints.Routes.CreateDocument))]
    public Task<IActionResult> CreateDocument([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DocumentEndpoints.Routes.CreateDocument)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(DocumentEndpoints.Routes.GetDocument))]
    public Task<IActionResult> GetDocument([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DocumentEndpoints.Routes.GetDocument)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(DocumentEndpoints.Routes.UpdateDocument))]
    public Task<IActionResult> UpdateDocument([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = DocumentEndpoints.Routes.UpdateDocument)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(DocumentEndpoints.Routes.AddDocumentVersion))]
    public Task<IActionResult> AddDocumentVersion([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DocumentEndpoints.Routes.AddDocumentVersion)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(DocumentEndpoints.Routes.GetDocumentFile))]
    public Task<IActionResult> GetDocumentFile([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DocumentEndpoints.Routes.GetDocumentFile)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(DocumentEndpoints.Routes.SubmitDocumentVersion))]
    public Task<IActionResult> SubmitDocumentVersion([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DocumentEndpoints.Routes.SubmitDocumentVersion)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(DocumentEndpoints.Routes.DecideDocument))]
    public Task<IActionResult> DecideDocument([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DocumentEndpoints.Routes.DecideDocument)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);

    [Function(nameof(DocumentEndpoints.Routes.ReviewDocument))]
    public Task<IActionResult> ReviewDocument([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DocumentEndpoints.Routes.ReviewDocument)] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync(request, context);
}
