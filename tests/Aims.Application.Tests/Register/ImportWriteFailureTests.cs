using System.Net;
using System.Text;
using System.Text.Json;
using Aims.Core.Evidence;
using Aims.Core.Register;
using Aims.Infrastructure.Register;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Tests.Register;

/// <summary>
/// A CSV import that fails while writing (not while validating) leaves the register exactly as it was: the real Table
/// Storage registry on Azurite, with another writer creating the system of row 120 of 150 between the check and the write.
/// </summary>
public sealed class ImportWriteFailureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Header = "id,name,purpose,ownerObjectId,businessUnit,stage,ourRole,modelType,dataSources,impactedParties,autonomyLevel,riskClass,impactAssessmentStatus,linkedRiskIds";

    private static string Row(string id, string name, string purpose) =>
        $"{id},{name},{purpose},{RegisterHost.Patti},Imports,Design,Developer,Classifier,Sales history|Internal,Planners,DecisionSupport,Minimal,InProgress,";

    [Fact]
    public async Task A_conflict_on_row_120_of_150_in_the_second_transaction_leaves_the_register_and_the_evidence_as_before()
    {
        var interferer = new InterferingRegistry();
        using var host = new DevHostFactory(azurite.ConnectionString, services: s => s.AddSingleton<IAiSystemRegistry>(sp =>
            interferer.Wrap(ActivatorUtilities.CreateInstance<TableAiSystemRegistry>(sp))));
        using var client = host.CreateClient();
        var run = Guid.NewGuid().ToString("N")[..8];
        string Id(int row) => $"imp-{run}-{row:D3}";

        // 30 systems exist (imported once, so their creation is evidence too).
        var seed = new StringBuilder(Header + "\r\n");
        for (var row = 1; row <= 30; row++) seed.Append(Row(Id(row), "System " + row, "First purpose")).Append("\r\n");
        using (var seeded = await ImportAsync(client, seed.ToString()))
        {
            Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        }

        var registerBefore = await RegisterAsync(host);
        var evidenceBefore = await EvidenceIdsAsync(host);
        Assert.Equal(30, registerBefore.Count);
        Assert.Equal(30, evidenceBefore.Count);

        // 150 rows: 30 updates and 120 creations; rows 1-100 are the first transaction, rows 101-150 the second.
        var csv = new StringBuilder(Header + "\r\n");
        for (var row = 1; row <= 150; row++) csv.Append(Row(Id(row), "System " + row, "Second purpose")).Append("\r\n");
        interferer.CreateBeforeWriting = Id(120);

        using var response = await ImportAsync(client, csv.ToString());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(150, interferer.WritesAttempted);
        Assert.Contains(Id(120), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var registerAfter = await RegisterAsync(host);
        Assert.Equal(Id(120), Assert.Single(registerAfter.Keys.Except(registerBefore.Keys)));   // only the other writer's system is new
        registerAfter.Remove(Id(120));
        Assert.Equal(registerBefore, registerAfter);   // the first transaction's 100 writes were undone, the updates put back as they were
        Assert.Equal(evidenceBefore, await EvidenceIdsAsync(host));   // nothing recorded for an import that did not happen
    }

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, string csv)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/systems/import?mode=apply", UriKind.Relative));
        request.Headers.Add("X-Aims-User", RegisterHost.Manager);
        request.Content = new StringContent(csv, Encoding.UTF8, "text/csv");
        return await client.SendAsync(request);
    }

    /// <summary>Every stored system (retired ones too) as its JSON, by id.</summary>
    private static async Task<Dictionary<string, string>> RegisterAsync(DevHostFactory host)
    {
        var registry = host.Services.GetRequiredService<IAiSystemRegistry>();
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await registry.ListAsync(new AiSystemQuery { IncludeRetired = true, PageSize = AiSystemQuery.MaxPageSize, ContinuationToken = token });
            foreach (var item in page.Items) all.Add(item.System.Id, JsonSerializer.Serialize(item.System));
            token = page.ContinuationToken;
        }
        while (token is not null);
        return all;
    }

    private static async Task<List<string>> EvidenceIdsAsync(DevHostFactory host)
    {
        var page = await host.Services.GetRequiredService<IEvidenceStore>().ListAsync(new EvidenceQuery { Kind = EvidenceKind.RegisterChange, PageSize = EvidenceQuery.MaxPageSize });
        Assert.Null(page.ContinuationToken);
        return [.. page.Items.Select(i => i.Id).Order(StringComparer.Ordinal)];
    }

    /// <summary>The real registry, but another writer creates one system of the batch just before the batch is written.</summary>
    private sealed class InterferingRegistry
    {
        public string? CreateBeforeWriting { get; set; }

        public int WritesAttempted { get; private set; }

        public IAiSystemRegistry Wrap(IAiSystemRegistry inner) => new Decorator(this, inner);

        private sealed class Decorator(InterferingRegistry owner, IAiSystemRegistry inner) : IAiSystemRegistry
        {
            public Task<VersionedAiSystem?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

            public Task<AiSystemPage> ListAsync(AiSystemQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);

            public Task<VersionedAiSystem> CreateAsync(AiSystem system, CancellationToken cancellationToken = default) => inner.CreateAsync(system, cancellationToken);

            public Task<VersionedAiSystem> UpdateAsync(AiSystem system, string expectedETag, CancellationToken cancellationToken = default) => inner.UpdateAsync(system, expectedETag, cancellationToken);

            public Task<VersionedAiSystem?> RetireAsync(string id, DateTimeOffset at, string by, string? expectedETag, CancellationToken cancellationToken = default) =>
                inner.RetireAsync(id, at, by, expectedETag, cancellationToken);

            public async Task<IReadOnlyList<VersionedAiSystem>> WriteAllAsync(IReadOnlyList<RegisterWrite> writes, CancellationToken cancellationToken = default)
            {
                if (owner.CreateBeforeWriting is { } id)
                {
                    owner.WritesAttempted = writes.Count;
                    var planned = writes.Single(w => w.System.Id == id).System;
                    await inner.CreateAsync(planned with { Details = planned.Details with { BusinessUnit = "Another writer" } }, cancellationToken);
                }

                return await inner.WriteAllAsync(writes, cancellationToken);
            }
        }
    }
}
