using System.Text.RegularExpressions;
using Aims.Application.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Aims.Functions;

/// <summary>The one adapter between an HTTP trigger and its <see cref="ApiEndpoint"/> declaration.</summary>
internal static partial class FunctionsHttp
{
    /// <summary>
    /// Finds the declaration by the function's name and runs it through <see cref="EndpointPipeline"/>. Route parameters arrive as
    /// trigger binding data in Functions; they are copied into <c>Request.RouteValues</c> so handlers read them the same way in both hosts.
    /// </summary>
    public static async Task<IActionResult> RunAsync(HttpRequest request, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = ApiEndpoints.ByName(context.FunctionDefinition.Name);
        foreach (Match parameter in RouteParameter().Matches(endpoint.Route))
        {
            var name = parameter.Groups["name"].Value;
            if (!request.RouteValues.ContainsKey(name) && context.BindingContext.BindingData.TryGetValue(name, out var value) && value is not null)
            {
                request.RouteValues[name] = value.ToString();
            }
        }

        return new ResultAction(await EndpointPipeline.RunAsync(request.HttpContext, endpoint));
    }

    [GeneratedRegex(@"\{\*?(?<name>[A-Za-z0-9_]+)(:[^}]*)?\??\}")]
    private static partial Regex RouteParameter();

    /// <summary>Lets a minimal-API result travel through the Functions ASP.NET Core integration, which expects IActionResult.</summary>
    private sealed class ResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
