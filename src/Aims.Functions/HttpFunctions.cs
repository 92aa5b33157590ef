using Aims.Application.Apis;
using Aims.Application.Http;
using Aims.Application.Proactive;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Functions;

/// <summary>HTTP triggers, one per entry of <see cref="HttpRoutes.All"/>; each hands the request to the shared handler.</summary>
public sealed class HttpFunctions
{
    [Function("Health")]
    public Task<IActionResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        RunAsync<HealthHandler>(request);

    [Function("Messages")]
    public Task<IActionResult> Messages([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "messages")] HttpRequest request) =>
        RunAsync<MessagesHandler>(request);

    [Function("SendNotification")]
    public Task<IActionResult> SendNotification([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "notifications")] HttpRequest request) =>
        RunAsync<NotificationsHandler>(request);

    private static async Task<IActionResult> RunAsync<THandler>(HttpRequest request)
        where THandler : IHttpHandler
    {
        var handler = request.HttpContext.RequestServices.GetRequiredService<THandler>();
        return new ResultAction(await handler.HandleAsync(request.HttpContext));
    }

    /// <summary>Lets a minimal-API result travel through the Functions ASP.NET Core integration, which expects IActionResult.</summary>
    private sealed class ResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
