using Aims.Application.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>HTTP triggers of document control (5.2, 7.5), one per entry of HttpRoutes.All.</summary>
public sealed class DocumentFunctions
{
    [Function("ListDocuments")]
    public Task<IActionResult> ListDocuments([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "documents")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ListDocumentsHandler>(request, context);

    [Function("CreateDocument")]
    public Task<IActionResult> CreateDocument([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "documents")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<CreateDocumentHandler>(request, context);

    [Function("GetDocument")]
    public Task<IActionResult> GetDocument([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "documents/{id}")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<GetDocumentHandler>(request, context);

    [Function("UpdateDocument")]
    public Task<IActionResult> UpdateDocument([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "documents/{id}")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<UpdateDocumentHandler>(request, context);

    [Function("AddDocumentVersion")]
    public Task<IActionResult> AddDocumentVersion([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "documents/{id}/versions")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<AddDocumentVersionHandler>(request, context);

    [Function("GetDocumentFile")]
    public Task<IActionResult> GetDocumentFile([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "documents/{id}/versions/{version}/file")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<GetDocumentFileHandler>(request, context);

    [Function("SubmitDocumentVersion")]
    public Task<IActionResult> SubmitDocumentVersion([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "documents/{id}/versions/{version}/submit")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<SubmitDocumentVersionHandler>(request, context);

    [Function("DecideDocument")]
    public Task<IActionResult> DecideDocument([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "documents/{id}/decisions")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<DecideDocumentHandler>(request, context);

    [Function("ReviewDocument")]
    public Task<IActionResult> ReviewDocument([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "documents/{id}/review")] HttpRequest request, FunctionContext context) =>
        FunctionsHttp.RunAsync<ReviewDocumentHandler>(request, context);
}
