using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.RegularExpressions;
using Aims.Core.Register;

namespace Aims.Application.Http;

/// <summary>
/// The OpenAPI 3.1 document of the management API, built from the endpoint declarations (what a Power Automate custom connector
/// or a client generator imports). Each operation carries its roles twice: the <c>x-aims-roles</c> extension and the security
/// requirement (OpenAPI 3.1 lets a bearer scheme list role names). Body schemas come from the declared record types, through the
/// same serializer options the API reads them with.
/// </summary>
public static partial class ApiDocument
{
    public const string SecurityScheme = "entra";

    public static JsonObject Build(IEnumerable<ApiEndpoint> endpoints, string version)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var paths = new JsonObject();
        foreach (var group in endpoints.GroupBy(e => "/" + e.Route).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var item = new JsonObject();
            foreach (var endpoint in group)
            {
                item[endpoint.Method.ToLowerInvariant()] = Operation(endpoint);
            }

            paths[group.Key] = item;
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "AIMS for Teams management API",
                ["description"] = "The ISO/IEC 42001 AI management system behind the Teams app. Every operation lists the AIMS roles it requires (x-aims-roles).",
                ["version"] = version,
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/api" }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    [SecurityScheme] = new JsonObject
                    {
                        ["type"] = "http",
                        ["scheme"] = "bearer",
                        ["bearerFormat"] = "JWT",
                        ["description"] = "An Entra ID access token for the API (Api:Audience); roles come from the directory groups, app roles from the token.",
                    },
                },
                ["schemas"] = new JsonObject { ["ProblemDetails"] = ProblemSchema() },
            },
        };
    }

    private static JsonObject Operation(ApiEndpoint endpoint)
    {
        var roles = endpoint.Access.Roles.Select(r => r.ToString()).ToList();
        var operation = new JsonObject
        {
            ["operationId"] = endpoint.Name,
            ["summary"] = endpoint.Summary,
            ["x-aims-roles"] = new JsonArray([.. roles.Select(r => (JsonNode?)r)]),
        };
        if (endpoint.Access.AppRole is { } appRole)
        {
            operation["x-aims-app-role"] = appRole;
        }

        if (endpoint.Access.Anonymous)
        {
            operation["security"] = new JsonArray();
        }
        else
        {
            var required = roles.Concat(endpoint.Access.AppRole is { } a ? [a] : []).Select(r => (JsonNode?)r);
            operation["security"] = new JsonArray(new JsonObject { [SecurityScheme] = new JsonArray([.. required]) });
        }

        var parameters = new JsonArray();
        foreach (Match m in RouteParameter().Matches(endpoint.Route))
        {
            parameters.Add(new JsonObject { ["name"] = m.Groups["name"].Value, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        if (endpoint.RequiresIfMatch || endpoint.Method is "PUT")
        {
            parameters.Add(new JsonObject
            {
                ["name"] = "If-Match",
                ["in"] = "header",
                ["required"] = endpoint.RequiresIfMatch,
                ["description"] = "The ETag of the version you read.",
                ["schema"] = new JsonObject { ["type"] = "string" },
            });
        }

        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        switch (endpoint.BodyKind)
        {
            case EndpointBody.Json:
                operation["requestBody"] = new JsonObject
                {
                    ["required"] = true,
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = BodySchema(endpoint.Body!) } },
                    ["x-aims-max-bytes"] = endpoint.MaxBodyBytes,
                };
                break;
            case EndpointBody.Stream when endpoint.StreamContentTypes.Count > 0:
                var content = new JsonObject();
                foreach (var type in endpoint.StreamContentTypes)
                {
                    content[type] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "binary" } };
                }

                operation["requestBody"] = new JsonObject { ["required"] = true, ["content"] = content, ["x-aims-max-bytes"] = endpoint.MaxBodyBytes };
                break;
        }

        var responses = new JsonObject { ["2XX"] = new JsonObject { ["description"] = "Done" } };
        foreach (var (status, description) in Problems(endpoint))
        {
            responses[status] = new JsonObject
            {
                ["description"] = description,
                ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/ProblemDetails" } } },
            };
        }

        operation["responses"] = responses;
        return operation;
    }

    private static IEnumerable<(string Status, string Description)> Problems(ApiEndpoint endpoint)
    {
        if (endpoint.IsRaw || endpoint.Access.Anonymous)
        {
            yield break;
        }

        yield return ("400", "Not valid: errors names each field");
        yield return ("401", "No valid access token");
        yield return ("403", "The caller lacks the role");
        if (endpoint.BodyKind != EndpointBody.None)
        {
            yield return ("413", "The body is too large");
        }

        if (endpoint.RequiresIfMatch)
        {
            yield return ("428", "If-Match is required");
        }
    }

    /// <summary>The JSON schema of a body type, as the API's serializer options read it.</summary>
    public static JsonNode BodySchema(Type type) =>
        RegisterJson.Options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = false });

    private static JsonObject ProblemSchema() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string" },
            ["title"] = new JsonObject { ["type"] = "string" },
            ["status"] = new JsonObject { ["type"] = "integer" },
            ["detail"] = new JsonObject { ["type"] = "string" },
            ["errors"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "For 400: the messages for each field that is wrong.",
                ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
            },
        },
    };

    [GeneratedRegex(@"\{\*?(?<name>[A-Za-z0-9_]+)(:[^}]*)?\??\}")]
    private static partial Regex RouteParameter();
}
