using System.Net;
using System.Text;
using Aims.Application.Demo;
using Aims.Application.Tests.Reviews;
using Aims.Core.Evidence;
using Aims.Core.Risks;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Tests.Risks;

/// <summary>
/// A risk import that fails while writing leaves the register and the evidence exactly as they were: 150 rows against the
/// real Table register, where another writer has taken the id of row 120 (the second transaction), after the first 100 rows
/// were written.
/// </summary>
public sealed class RiskImportWriteFailureTests(DedicatedAzurite azurite) : IClassFixture<DedicatedAzurite>
{
    private const string Header = "ai_system_id,title,category,source,likelihood,impact,treatment,treatment_plan,residual_likelihood,residual_impact,owner_object_id,next_review_date,controls";

    private static string Row(string title) => $"demo-credit-scoring,{title},Privacy,Data,3,3,Mitigate,Mask identifiers,1,3,{ReviewHost.Megan},2027-05-01,A.7.3";

    [Fact]
    public async Task A_conflict_on_row_120_of_150_undoes_the_first_transaction_and_records_no_evidence()
    {
        var interferer = new RacingWriter();
        using var factory = new DevHostFactory(azurite.ConnectionString, services: s => s.AddSingleton<IRiskRegister>(sp =>
            interferer.Wrap(ActivatorUtilities.CreateInstance<Aims.Infrastructure.Risks.TableRiskRegister>(sp))));
        using var host = new Host(factory);
        await factory.Services.GetServices<IDemoSeed>().Single(s => s.Name == "register").SeedAsync(CancellationToken.None);
        var register = factory.Services.GetRequiredService<IRiskRegister>();
        using (var first = await ImportAsync(host, Header + "\r\n" + Row("Template")))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // Another writer creates a risk under the id the import gave row 120, between the id check and the write.
        interferer.Template = (await AllAsync(register)).Single(r => r.Title == "Template");
        interferer.RaceOnRow = 120;
        var before = await AllAsync(register);
        var ledgerBefore = await LedgerCountAsync(host);

        var csv = new StringBuilder(Header + "\r\n");
        for (var row = 1; row <= 150; row++)
        {
            csv.Append(Row("Imported " + row)).Append("\r\n");
        }

        using var response = await ImportAsync(host, csv.ToString());
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(interferer.TakenId!, text, StringComparison.Ordinal);
        Assert.Contains("nothing of this import was kept", text, StringComparison.Ordinal);
        var after = await AllAsync(register);
        // Only the other writer's risk is new; the first transaction's 100 rows were deleted again.
        Assert.Equal(interferer.TakenId, Assert.Single(after.Select(r => r.Id).Except(before.Select(r => r.Id))));
        Assert.Equal(before.Select(r => (r.Id, r.Title, r.Revision)).Order(), after.Where(r => r.Id != interferer.TakenId).Select(r => (r.Id, r.Title, r.Revision)).Order());
        Assert.DoesNotContain(after, r => r.Title.StartsWith("Imported ", StringComparison.Ordinal));
        Assert.Equal(ledgerBefore, await LedgerCountAsync(host));
        Assert.Empty(await OwingAsync(register));
    }

    [Fact]
    public async Task A_successful_import_of_more_than_one_transaction_records_each_risk_once()
    {
        using var factory = new DevHostFactory(azurite.ConnectionString);
        using var host = new Host(factory);
        await factory.Services.GetServices<IDemoSeed>().Single(s => s.Name == "register").SeedAsync(CancellationToken.None);
        // The demo's own risks hold ids the counter has not given out: the import skips them.
        await factory.Services.GetServices<IDemoSeed>().Single(s => s.Name == "risks").SeedAsync(CancellationToken.None);
        var marker = "Bulk" + Guid.NewGuid().ToString("N")[..6];
        var csv = new StringBuilder(Header + "\r\n");
        for (var row = 1; row <= 130; row++)
        {
            csv.Append(Row($"{marker} {row}")).Append("\r\n");
        }

        using var response = await ImportAsync(host, csv.ToString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var imported = (await AllAsync(host.Get<IRiskRegister>())).Where(r => r.Title.StartsWith(marker, StringComparison.Ordinal)).ToList();
        Assert.Equal(130, imported.Count);
        var evidence = host.Get<IEvidenceStore>();
        foreach (var risk in imported.Take(5).Concat(imported.TakeLast(5)))
        {
            var items = (await evidence.ListAsync(new EvidenceQuery { Subject = $"risk:{risk.Id}" })).Items;
            Assert.Equal("Risk " + risk.Id + " imported (revision 0)", Assert.Single(items).Summary);
        }

        Assert.Empty(await OwingAsync(host.Get<IRiskRegister>()));
    }

    /// <summary>The DevHost and its client.</summary>
    private sealed class Host(DevHostFactory factory) : IDisposable
    {
        public HttpClient Client { get; } = factory.CreateClient();

        public T Get<T>()
            where T : notnull => factory.Services.GetRequiredService<T>();

        public void Dispose() => Client.Dispose();
    }

    /// <summary>The real register, with another writer that creates a risk under one import row's id just before the write.</summary>
    private sealed class RacingWriter
    {
        public Risk? Template { get; set; }

        public int? RaceOnRow { get; set; }

        public string? TakenId { get; private set; }

        public IRiskRegister Wrap(IRiskRegister inner) => new Register(inner, this);

        private sealed class Register(IRiskRegister inner, RacingWriter race) : IRiskRegister
        {
            public async Task<IReadOnlyList<VersionedRisk>> CreateAllAsync(IReadOnlyList<(Risk Risk, NewEvidence Owed)> risks, CancellationToken cancellationToken = default)
            {
                if (race.RaceOnRow is { } row && race.Template is { } template && risks.Count >= row)
                {
                    race.TakenId = risks[row - 1].Risk.Id;
                    await inner.CreateAsync(template with { Id = race.TakenId, Title = "Created by someone else" }, cancellationToken);
                }

                return await inner.CreateAllAsync(risks, cancellationToken);
            }

            public Task<string> NextIdAsync(CancellationToken cancellationToken = default) => inner.NextIdAsync(cancellationToken);
            public Task<VersionedRisk?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);
            public Task<RiskPage> ListAsync(RiskQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);
            public IAsyncEnumerable<Risk> ListAllAsync(CancellationToken cancellationToken = default) => inner.ListAllAsync(cancellationToken);
            public Task<VersionedRisk> CreateAsync(Risk risk, CancellationToken cancellationToken = default) => inner.CreateAsync(risk, cancellationToken);
            public Task<VersionedRisk> UpdateAsync(Risk risk, string expectedETag, CancellationToken cancellationToken = default) => inner.UpdateAsync(risk, expectedETag, cancellationToken);
            public Task<VersionedRisk> UpdateOwingAsync(Risk risk, string expectedETag, NewEvidence owed, CancellationToken cancellationToken = default) => inner.UpdateOwingAsync(risk, expectedETag, owed, cancellationToken);
            public Task<string> SettleAsync(string id, string expectedETag, CancellationToken cancellationToken = default) => inner.SettleAsync(id, expectedETag, cancellationToken);
            public IAsyncEnumerable<VersionedRisk> ListOwingAsync(CancellationToken cancellationToken = default) => inner.ListOwingAsync(cancellationToken);
        }
    }

    private static async Task<HttpResponseMessage> ImportAsync(Host host, string csv)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/risks/import?mode=apply", UriKind.Relative))
        {
            Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
        };
        request.Headers.Add("X-Aims-User", "00000000-0000-0000-0000-0000000000020");
        return await host.Client.SendAsync(request);
    }

    private static async Task<List<Risk>> AllAsync(IRiskRegister register)
    {
        var all = new List<Risk>();
        await foreach (var r in register.ListAllAsync())
        {
            all.Add(r);
        }

        return all;
    }

    private static async Task<List<VersionedRisk>> OwingAsync(IRiskRegister register)
    {
        var owing = new List<VersionedRisk>();
        await foreach (var r in register.ListOwingAsync())
        {
            owing.Add(r);
        }

        return owing;
    }

    private static async Task<int> LedgerCountAsync(Host host)
    {
        var n = 0;
        await foreach (var _ in host.Get<IEvidenceStore>().ReadLedgerAsync())
        {
            n++;
        }

        return n;
    }
}
