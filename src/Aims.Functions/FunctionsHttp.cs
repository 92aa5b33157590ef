using System.Text.RegularExpressions;
using Aims.Application.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Functions;

/// <summary>The one adapter between an HTTP trigger and a shared <see cref="IHttpHandler"/>.</summary>
internal static partial class FunctionsHttp
{
    /// <summary>
    /// Runs the handler. Route parameters arrive as trigger binding data in Functions; they are copied into
    /// <c>Request.RouteValues</c> so handlers read them the same way in both hosts.
    /// </summary>
    public static async Task<IActionResult> RunAsync<THandler>(HttpRequest request, FunctionContext? context)
        where THandler : IHttpHandler
    {
        if (context is not null && HttpRoutes.All.FirstOrDefault(r => r.FunctionName == context.FunctionDefinition.Name) is { } route)
        {
            foreach (Match parameter in RouteParameter().Matches(route.Template))
            {
                var name = parameter.Groups["name"].Value;
                if (!request.RouteValues.ContainsKey(name) && context.BindingContext.BindingData.TryGetValue(name, out var value) && value is not null)
                {
                    request.RouteValues[name] = value.ToString();
                }
            }
        }

        var handler = request.HttpContext.RequestServices.GetRequiredService<THandler>();
        return new ResultAction(await handler.HandleAsync(request.HttpContext));
    }

    [GeneratedRegex(@"\{\*?(?<name>[A-Za-z0-9_]+)(:[^}]*)?\??\}")]
    private static partial Regex RouteParameter();

    /// <summary>Lets a minimal-API result travel through the Functions ASP.NET Core integration, which expects IActionResult.</summary>
    private sealed class ResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
