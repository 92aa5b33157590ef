using System.Text.Json.Nodes;
using Aims.Testing;

namespace Aims.Application.Tests.Deployment;

/// <summary>
/// What a plain `azd up` deploys, read from the compiled template: evidence write-once by default and never re-sent once
/// locked, no open API, CI principals welcome, settings kept, a cheap deep-checked host, audit packs expiring, hardening on.
/// </summary>
public sealed class InfraDefaultsTests
{
    private static readonly Lazy<JsonNode> Template = new(Compile);

    private static JsonNode Compile()
    {
        var output = Path.Combine(Path.GetTempPath(), "aims-infra-" + Guid.NewGuid().ToString("N"));
        var (exit, log) = Script.Run("bash", [Path.Combine(TestEnvironment.RepoRoot, "scripts", "check-infra.sh")], new Dictionary<string, string> { ["AIMS_INFRA_OUT"] = output });
        Assert.True(exit == 0, log);
        try
        {
            return JsonNode.Parse(File.ReadAllText(Path.Combine(output, "main.json")))!;
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static JsonNode Parameter(string name) => Template.Value["parameters"]![name] ?? throw new Xunit.Sdk.XunitException($"no parameter {name}");

    /// <summary>Every resource of the given type in the template and its modules.</summary>
    private static List<JsonObject> Resources(string type)
    {
        var found = new List<JsonObject>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    if (o["type"] is JsonValue t && t.TryGetValue<string>(out var s) && string.Equals(s, type, StringComparison.OrdinalIgnoreCase)) found.Add(o);
                    foreach (var (_, child) in o) Walk(child);
                    break;
                case JsonArray a:
                    foreach (var child in a) Walk(child);
                    break;
            }
        }

        Walk(Template.Value);
        return found;
    }

    [Fact]
    public void Evidence_is_write_once_for_a_certification_cycle_by_default_and_a_locked_policy_is_left_alone()
    {
        Assert.True(Parameter("evidenceRetentionDays")["defaultValue"]!.GetValue<int>() >= 1095);
        Assert.False(Parameter("evidenceRetentionLocked")["defaultValue"]!.GetValue<bool>());
        var policy = Assert.Single(Resources("Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies"));
        Assert.Contains("evidenceRetentionLocked", policy["condition"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_evidence_account_has_a_delete_lock_and_its_writes_deletes_and_vault_access_are_logged()
    {
        var locks = Resources("Microsoft.Authorization/locks");
        Assert.Contains(locks, l => l["properties"]!["level"]!.GetValue<string>() == "CanNotDelete");
        var diagnostics = Resources("Microsoft.Insights/diagnosticSettings").Select(d => d.ToJsonString()).ToList();
        Assert.Contains(diagnostics, d => d.Contains("StorageDelete", StringComparison.Ordinal) && d.Contains("StorageWrite", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Contains("AuditEvent", StringComparison.Ordinal));
    }

    [Fact]
    public void The_deploying_principal_gets_no_evidence_write_by_default_and_its_kind_is_not_assumed()
    {
        Assert.False(Parameter("deployerDataAccess")["defaultValue"]!.GetValue<bool>());
        Assert.Null(Template.Value["parameters"]!["principalType"]);
        var deployer = Resources("Microsoft.Authorization/roleAssignments").Where(r => r["properties"]!["principalId"]!.ToString().Contains("deployerPrincipalId", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(deployer);
        Assert.All(deployer, r => Assert.Null(r["properties"]!["principalType"]));
        // Storage Blob Data Contributor, the role that writes and deletes evidence blobs, is only ever the app's.
        Assert.DoesNotContain(deployer, r => r.ToJsonString().Contains("storageBlobDataContributor", StringComparison.Ordinal));
    }

    [Fact]
    public void The_management_api_cannot_be_deployed_open()
    {
        var audience = Parameter("apiAudience");
        Assert.Null(audience["defaultValue"]);
        Assert.Equal(1, audience["minLength"]!.GetValue<int>());
    }

    [Fact]
    public void Settings_survive_provisioning_through_a_pass_through_parameter()
    {
        Assert.Equal("{}", Parameter("extraAppSettings")["defaultValue"]!.GetValue<string>());
        Assert.Contains(Resources("Microsoft.Web/sites/config"), c => c.ToJsonString().Contains("appSettings", StringComparison.Ordinal));
        var text = Template.Value.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("json(parameters('extraAppSettings'))", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_packs_expire_with_their_versions()
    {
        var policy = Assert.Single(Resources("Microsoft.Storage/storageAccounts/managementPolicies")).ToJsonString();
        Assert.Contains("expire-audit-packs", policy, StringComparison.Ordinal);
        Assert.True(Parameter("auditPackRetentionDays")["defaultValue"]!.GetValue<int>() is > 0 and <= 365);
    }

    [Fact]
    public void Production_hardening_is_the_default()
    {
        Assert.Equal("Standard_ZRS", Parameter("storageSku")["defaultValue"]!.GetValue<string>());
        Assert.True(Parameter("keyVaultPurgeProtection")["defaultValue"]!.GetValue<bool>());
        Assert.Equal(1, Parameter("alwaysReadyHttpInstances")["defaultValue"]!.GetValue<int>());
        Assert.Equal("federated", Parameter("botCredential")["defaultValue"]!.GetValue<string>());
        Assert.Equal(["Allow", "Deny"], Parameter("networkDefaultAction")["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()));
        var regions = Parameter("location")["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        Assert.Contains("swedencentral", regions);
        Assert.DoesNotContain("eastus2euap", regions);
        var site = Assert.Single(Resources("Microsoft.Web/sites")).ToJsonString();
        Assert.Contains("UserAssigned", site, StringComparison.Ordinal);
        Assert.Contains("keyVaultReferenceIdentity", site, StringComparison.Ordinal);
        Assert.Contains("alwaysReady", site, StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_identity_and_its_roles_exist_before_the_app_and_its_settings()
    {
        var api = Resources("Microsoft.Resources/deployments").Single(d => d["name"]!.ToString() == "api" || d.ToJsonString().Contains("\"name\":\"api\"", StringComparison.Ordinal) && d["properties"]?["template"]?.ToJsonString().Contains("Microsoft.Web/sites", StringComparison.Ordinal) == true);
        Assert.Contains("rbac", api["dependsOn"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.NotNull(Template.Value["outputs"]!["AZURE_APP_IDENTITY_PRINCIPAL_ID"]);
    }
}
