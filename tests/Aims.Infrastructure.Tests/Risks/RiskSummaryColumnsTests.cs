using Aims.Core.Risks;
using Aims.Infrastructure.Risks;
using Aims.Infrastructure.Storage;
using Aims.Testing;
using Azure.Data.Tables;

namespace Aims.Infrastructure.Tests.Risks;

/// <summary>
/// Whole-register counts (the digest, the heatmap) read the risk rows' summary columns only: on Azurite, those must always say
/// what the risk's document says, through every kind of write, and rows written before the columns existed must still count.
/// </summary>
public sealed class RiskSummaryColumnsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 30, 15, 123, TimeSpan.Zero);

    [Fact]
    public async Task Summaries_read_from_the_columns_match_the_documents_after_creates_imports_and_updates()
    {
        var (register, _) = await CreateAsync();
        var plain = await register.CreateAsync(Risk("R-1") with { NextReviewDate = new DateOnly(2026, 9, 1) });
        await register.CreateAllAsync([(Risk("R-2"), Owed("R-2")), (Risk("R-3") with { Likelihood = 5, Impact = 4 }, Owed("R-3"))]);

        // An update that clears what the earlier write set: rows are written by merge, so a column left out would stay stale.
        var decided = plain.Risk with
        {
            State = ApprovalState.Accepted,
            NextReviewDate = null,
            ResidualLikelihood = 1,
            ResidualImpact = 2,
            Actions = [new TreatmentAction("Retrain", "oid-megan", new DateOnly(2026, 4, 1), Done: true), new TreatmentAction("Monitor", "oid-megan", new DateOnly(2026, 5, 1))],
            Decisions = [Decision(DecisionOutcome.Submitted, T0), Decision(DecisionOutcome.Accepted, T0.AddHours(2))],
        };
        await register.UpdateAsync(decided, plain.ETag);

        var expected = new List<RiskSummary>();
        await foreach (var risk in register.ListAllAsync())
        {
            expected.Add(RiskSummary.Of(risk));
        }

        var summaries = await ListAsync(register);
        Assert.Equal(3, summaries.Count);
        // The key ranges are read side by side, so the order is the store's business: compare as sets.
        Assert.Equal(expected.Select(Describe).Order(StringComparer.Ordinal), summaries.Select(Describe).Order(StringComparer.Ordinal));
        var r1 = Assert.Single(summaries, s => s.Id == "R-1");
        Assert.Null(r1.NextReviewDate);
        Assert.Equal([new DateOnly(2026, 5, 1)], r1.OpenActionDueDates);
        Assert.Equal([T0.AddHours(2)], r1.DecisionTimes); // the submission is not a decision
        Assert.Equal(ApprovalState.Accepted, r1.State);
        Assert.Equal(5, Assert.Single(summaries, s => s.Id == "R-3").Likelihood);
    }

    [Fact]
    public async Task Every_risk_is_listed_once_whichever_key_range_its_id_falls_in()
    {
        var (register, _) = await CreateAsync();
        string[] ids = ["R-1", "R-29", "R-3", "R-5", "R-6", "R-99", "A-1", "Z-1", "R-"];
        await register.CreateAllAsync([.. ids.Select(id => (Risk(id), Owed(id)))]);

        var listed = (await ListAsync(register)).Select(s => s.Id).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(ids.Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task A_row_written_before_the_summary_columns_existed_is_read_whole()
    {
        var (register, table) = await CreateAsync();
        await register.CreateAsync(Risk("R-7") with { ResidualLikelihood = 4, ResidualImpact = 5, NextReviewDate = new DateOnly(2027, 1, 31) });

        // Strip the row to its earlier shape: the document and the filter columns only.
        var row = (await table.GetEntityAsync<TableEntity>("risk", "R-7")).Value;
        var legacy = new TableEntity("risk", "R-7");
        foreach (var (key, value) in row)
        {
            if (key is "State" or "Owner" or "AiSystemId" or "DataChunks" || key.StartsWith("Data", StringComparison.Ordinal))
            {
                legacy[key] = value;
            }
        }

        await table.UpsertEntityAsync(legacy, TableUpdateMode.Replace);
        Assert.False((await table.GetEntityAsync<TableEntity>("risk", "R-7")).Value.ContainsKey(RiskSummaryColumns.Column));

        var summary = Assert.Single(await ListAsync(register));
        Assert.Equal("R-7", summary.Id);
        Assert.Equal((4, 5), (summary.ResidualLikelihood, summary.ResidualImpact));
        Assert.Equal(new DateOnly(2027, 1, 31), summary.NextReviewDate);
    }

    [Fact]
    public async Task A_risk_whose_decision_times_do_not_fit_a_column_is_read_whole()
    {
        var (register, table) = await CreateAsync();
        var many = Enumerable.Range(0, 2_500).Select(i => Decision(DecisionOutcome.Approved, T0.AddMinutes(i))).ToList();
        await register.CreateAsync(Risk("R-9") with { Decisions = many });

        Assert.Equal(string.Empty, (await table.GetEntityAsync<TableEntity>("risk", "R-9")).Value.GetString(RiskSummaryColumns.Column));
        var summary = Assert.Single(await ListAsync(register));
        Assert.Equal(2_500, summary.DecisionTimes.Count);
        Assert.Equal(T0.AddMinutes(2_499), summary.DecisionTimes[^1]);
    }

    private async Task<(TableRiskRegister Register, TableClient Table)> CreateAsync()
    {
        var clients = new StorageClients(new StorageOptions { ConnectionString = azurite.ConnectionString, Prefix = "t" + Guid.NewGuid().ToString("N")[..12] });
        await clients.Tables.CreateTableIfNotExistsAsync(TableRiskRegister.TableName);
        return (new TableRiskRegister(clients), clients.Tables.GetTableClient(TableRiskRegister.TableName));
    }

    private static async Task<List<RiskSummary>> ListAsync(IRiskRegister register)
    {
        var list = new List<RiskSummary>();
        await foreach (var summary in register.ListSummariesAsync())
        {
            list.Add(summary);
        }

        return list;
    }

    private static string Describe(RiskSummary s) =>
        $"{s.Id} {s.AiSystemId} {s.State} {s.Likelihood}x{s.Impact} {s.ResidualLikelihood}x{s.ResidualImpact} {s.NextReviewDate} " +
        $"[{string.Join(',', s.OpenActionDueDates)}] [{string.Join(',', s.DecisionTimes.Select(t => t.ToUnixTimeMilliseconds()))}]";

    private static Risk Risk(string id) => new()
    {
        Id = id,
        AiSystemId = "SYS-1",
        Title = "Drift in " + id,
        OwnerObjectId = "oid-megan",
        Likelihood = 3,
        Impact = 3,
        ResidualLikelihood = 2,
        ResidualImpact = 2,
        Treatment = TreatmentOption.Mitigate,
        Actions = [new TreatmentAction("Add a drift monitor", "oid-megan", new DateOnly(2026, 4, 15))],
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    private static RiskDecision Decision(DecisionOutcome outcome, DateTimeOffset at) =>
        new("req-" + at.ToUnixTimeMilliseconds(), ApprovalStage.RiskOwner, outcome, "oid-megan", "Megan Bowen", ["RiskOwner"], null, at,
            ApprovalState.Submitted, ApprovalState.Approved, new RiskRating(2, 2, 4, RiskLevel.Low));

    private static Aims.Core.Evidence.NewEvidence Owed(string id) =>
        new(Aims.Core.Evidence.EvidenceKind.RiskDecision, id, new Aims.Core.Identity.Actor("oid-alex", "Alex Wilber"), ["6.1.2"], [], "corr-" + id, "Imported " + id,
            System.Text.Encoding.UTF8.GetBytes("{}"), "application/json", T0);
}
