using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aims.Application.Http;
using Aims.Core.Identity;
using Aims.Testing;

namespace Aims.Application.Tests.Hosting;

/// <summary>
/// One contract over every declared endpoint, not one test per endpoint: the pipeline refuses bad input the same way everywhere
/// (same ProblemDetails shape, field named), checks the caller before it reads a byte of the body, and the OpenAPI document
/// lists every declaration with its roles and body schema.
/// </summary>
public sealed partial class EndpointContractTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // demo-directory.json: one person per role.
    private static readonly Dictionary<AimsRole, string> Holders = new()
    {
        [AimsRole.AimsManager] = "00000000-0000-0000-0000-0000000000020",
        [AimsRole.RiskOwner] = "00000000-0000-0000-0000-0000000000021",
        [AimsRole.TopManagement] = "00000000-0000-0000-0000-0000000000022",
        [AimsRole.Auditor] = "00000000-0000-0000-0000-0000000000023",
        [AimsRole.Staff] = "00000000-0000-0000-0000-0000000000025",
    };

    private const string Outsider = "00000000-0000-0000-0000-0000000000099";

    private static List<ApiEndpoint> JsonBodyEndpoints => [.. ApiEndpoints.All.Where(e => e.BodyKind == EndpointBody.Json)];

    [Fact]
    public void Every_post_and_put_endpoint_declares_its_body()
    {
        // Only the raw bot endpoint and endpoints that stream a declared media type may skip a typed JSON body ...
        var streamed = ApiEndpoints.All.Where(e => e.BodyKind == EndpointBody.Stream && !e.IsRaw).ToList();
        Assert.All(streamed, e => Assert.NotEmpty(e.StreamContentTypes));

        // ... and every PUT replaces something described by a record.
        Assert.All(ApiEndpoints.All.Where(e => e.Method == "PUT"), e => Assert.Equal(EndpointBody.Json, e.BodyKind));
        Assert.True(JsonBodyEndpoints.Count >= 25, $"only {JsonBodyEndpoints.Count} endpoints with a JSON body");
    }

    [Fact]
    public async Task Malformed_null_empty_and_oversized_bodies_get_the_same_problem_shape_from_every_endpoint()
    {
        using var host = new DevHostFactory(azurite.ConnectionString);
        using var client = host.CreateClient();
        foreach (var endpoint in JsonBodyEndpoints)
        {
            var name = endpoint.Name;
            var field = FirstProperty(endpoint.Body!) ?? "value";

            // A field that is not JSON: 400, the field named.
            var broken = await SendAsync(client, endpoint, CallerFor(endpoint), $"{{\"{field}\": tru}}");
            AssertProblem(broken, HttpStatusCode.BadRequest, name);
            Assert.True(broken.Body.GetProperty("errors").TryGetProperty(field, out var messages), $"{name}: {broken.Body}");
            Assert.NotEmpty(messages.EnumerateArray());

            // A JSON null, an empty body and a body that is not JSON at all: 400, the body named.
            foreach (var content in new[] { "null", string.Empty, "<xml/>" })
            {
                var bad = await SendAsync(client, endpoint, CallerFor(endpoint), content);
                AssertProblem(bad, HttpStatusCode.BadRequest, name);
                Assert.True(bad.Body.GetProperty("errors").TryGetProperty("body", out _), $"{name} '{content}': {bad.Body}");
            }

            // Over the limit, with a length and without one (chunked): 413.
            var big = "{\"" + field + "\": \"" + new string('x', (int)endpoint.MaxBodyBytes) + "\"}";
            AssertProblem(await SendAsync(client, endpoint, CallerFor(endpoint), big), HttpStatusCode.RequestEntityTooLarge, name);
            AssertProblem(await SendAsync(client, endpoint, CallerFor(endpoint), big, chunked: true), HttpStatusCode.RequestEntityTooLarge, name);
        }
    }

    [Fact]
    public async Task Every_endpoint_checks_the_caller_and_role_before_it_reads_the_body()
    {
        using var host = new DevHostFactory(azurite.ConnectionString);
        using var client = host.CreateClient();
        foreach (var endpoint in ApiEndpoints.All.Where(e => !e.Access.Anonymous))
        {
            // A broken body must not matter: nobody signed in is 401, whatever the body.
            var anonymous = await SendAsync(client, endpoint, null, "{\"x\": tru}");
            AssertProblem(anonymous, HttpStatusCode.Unauthorized, endpoint.Name);

            if (endpoint.Access.Roles.Count > 0)
            {
                var outsider = await SendAsync(client, endpoint, Outsider, "{\"x\": tru}");
                AssertProblem(outsider, HttpStatusCode.Forbidden, endpoint.Name);
                Assert.Contains(endpoint.Access.Action, outsider.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task The_openapi_document_lists_every_declaration_with_its_roles_and_body_schema()
    {
        using var host = new DevHostFactory(azurite.ConnectionString);
        using var client = host.CreateClient();
        using var response = await client.GetAsync(new Uri("/api/openapi.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        Assert.StartsWith("3.1", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = root.GetProperty("paths");

        var operations = 0;
        foreach (var path in paths.EnumerateObject())
        {
            operations += path.Value.EnumerateObject().Count();
        }

        Assert.Equal(ApiEndpoints.All.Count, operations);
        foreach (var endpoint in ApiEndpoints.All)
        {
            Assert.True(paths.TryGetProperty("/" + endpoint.Route, out var item), $"{endpoint.Name}: /{endpoint.Route} missing");
            Assert.True(item.TryGetProperty(endpoint.Method.ToLowerInvariant(), out var operation), $"{endpoint.Name}: {endpoint.Method} missing");
            Assert.Equal(endpoint.Name, operation.GetProperty("operationId").GetString());

            var roles = endpoint.Access.Roles.Select(r => r.ToString()).ToList();
            Assert.Equal(roles, operation.GetProperty("x-aims-roles").EnumerateArray().Select(r => r.GetString()));
            var security = operation.GetProperty("security").EnumerateArray().ToList();
            if (endpoint.Access.Anonymous)
            {
                Assert.Empty(security);
            }
            else
            {
                var required = Assert.Single(security).GetProperty(ApiDocument.SecurityScheme).EnumerateArray().Select(r => r.GetString()).ToList();
                Assert.Equal(roles.Concat(endpoint.Access.AppRole is { } a ? [a] : []), required);
            }

            foreach (Match parameter in RouteParameter().Matches(endpoint.Route))
            {
                Assert.Contains(operation.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("in").GetString() == "path" && p.GetProperty("name").GetString() == parameter.Groups[1].Value);
            }

            if (endpoint.BodyKind == EndpointBody.Json)
            {
                var schema = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
                var expected = PropertyNames(endpoint.Body!);
                if (expected.Count > 0)
                {
                    Assert.Equal(expected.Order(StringComparer.Ordinal), schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
                }
            }
            else
            {
                Assert.Equal(endpoint.BodyKind == EndpointBody.Stream && endpoint.StreamContentTypes.Count > 0, operation.TryGetProperty("requestBody", out _));
            }
        }
    }

    private static string? CallerFor(ApiEndpoint endpoint) =>
        endpoint.Access.Roles.Count == 0 ? Holders[AimsRole.Staff] : Holders[endpoint.Access.Roles[0]];

    private static async Task<(HttpStatusCode Status, string? MediaType, JsonElement Body)> SendAsync(HttpClient client, ApiEndpoint endpoint, string? user, string body, bool chunked = false)
    {
        var url = "/api/" + RouteParameter().Replace(endpoint.Route, m => m.Groups[1].Value switch { "controlId" => "A.2.2", "version" => "1.0", _ => "X-1" });
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), new Uri(url, UriKind.Relative));
        if (user is not null)
        {
            request.Headers.Add(ApiCallerResolver.DevelopmentUserHeader, user);
        }

        request.Headers.TryAddWithoutValidation("If-Match", "W/\"datetime'2026-01-01T00%3A00%3A00Z'\"");
        if (endpoint.Method != "GET")
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            request.Content = chunked ? new StreamContent(new UnknownLengthStream(bytes)) : new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true
            ? JsonDocument.Parse(text).RootElement.Clone()
            : default;
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, json);
    }

    private static void AssertProblem((HttpStatusCode Status, string? MediaType, JsonElement Body) response, HttpStatusCode expected, string? name = null)
    {
        Assert.True(expected == response.Status, $"{name}: expected {expected}, got {response.Status} {response.Body}");
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal((int)expected, response.Body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(response.Body.GetProperty("title").GetString()), $"{name}: no title in {response.Body}");
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.NotEmpty(response.Body.GetProperty("errors").EnumerateObject());
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(response.Body.GetProperty("detail").GetString()), $"{name}: no detail in {response.Body}");
        }
    }

    /// <summary>The JSON names of a body record's properties (web casing), from reflection, not from the document under test.</summary>
    private static List<string> PropertyNames(Type type) =>
        type.IsPrimitive || type.Namespace == "System.Text.Json"
            ? []
            : [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))];

    private static string? FirstProperty(Type type) => PropertyNames(type).FirstOrDefault();

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}")]
    private static partial Regex RouteParameter();

    /// <summary>A body without a Content-Length, as a chunked upload arrives.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
