using Aims.Core.Evidence;
using Aims.Testing;

namespace Aims.Infrastructure.Tests.Evidence;

public sealed class EvidenceListingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>Five items share clause 9.2, control A.9.4, subject model:M-1 and kind review-outcome; three others share none of them.</summary>
    private async Task<(EvidenceHarness Harness, EvidenceItem[] Five)> SeedAsync()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        var five = new List<EvidenceItem>();
        for (var i = 0; i < 5; i++)
        {
            five.Add(await h.Store.RecordAsync(EvidenceHarness.Sample(
                subject: "model:M-1", kind: EvidenceKind.ReviewOutcome, clauses: ["9.2"], controls: ["A.9.4"],
                at: EvidenceHarness.T0.AddMinutes(i), payload: $"{{\"review\":{i}}}")));
        }

        for (var i = 0; i < 3; i++)
        {
            await h.Store.RecordAsync(EvidenceHarness.Sample(
                subject: "model:M-2", kind: EvidenceKind.Attestation, clauses: ["9.3"], controls: ["A.9.3"],
                at: EvidenceHarness.T0.AddMinutes(2).AddSeconds(i), payload: $"{{\"other\":{i}}}"));
        }

        return (h, [.. five]);
    }

    public static TheoryData<string> Dimensions() => ["clause", "control", "subject", "kind"];

    [Theory]
    [MemberData(nameof(Dimensions))]
    public async Task Listing_by_one_dimension_pages_through_every_match_once_newest_first(string dimension)
    {
        var (h, five) = await SeedAsync();
        var query = dimension switch
        {
            "clause" => new EvidenceQuery { Clause = "9.2" },
            "control" => new EvidenceQuery { Control = "A.9.4" },
            "subject" => new EvidenceQuery { Subject = "model:M-1" },
            _ => new EvidenceQuery { Kind = EvidenceKind.ReviewOutcome },
        };

        var (items, pages) = await h.ListAllAsync(query with { PageSize = 2 });

        Assert.Equal(five.Reverse().Select(i => i.Id), items.Select(i => i.Id));
        Assert.True(pages >= 3, $"5 items in pages of 2 came back in {pages} page(s)");
    }

    [Fact]
    public async Task Listing_by_time_range_includes_from_and_excludes_to()
    {
        var (h, five) = await SeedAsync();

        var (items, _) = await h.ListAllAsync(new EvidenceQuery
        {
            Subject = "model:M-1",
            From = EvidenceHarness.T0.AddMinutes(1),
            To = EvidenceHarness.T0.AddMinutes(3),
            PageSize = 2,
        });

        Assert.Equal([five[2].Id, five[1].Id], items.Select(i => i.Id));
    }

    [Fact]
    public async Task Listing_everything_in_a_window_crosses_subjects()
    {
        var (h, five) = await SeedAsync();

        var (items, _) = await h.ListAllAsync(new EvidenceQuery { From = EvidenceHarness.T0.AddMinutes(2), To = EvidenceHarness.T0.AddMinutes(3), PageSize = 3 });

        Assert.Equal(4, items.Count);
        Assert.Equal(five[2].Id, items[^1].Id);
        Assert.Equal(3, items.Count(i => i.Subject == "model:M-2"));
    }

    [Fact]
    public async Task Combined_filters_all_apply()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        var a = await h.Store.RecordAsync(EvidenceHarness.Sample(subject: "risk:R-1", kind: EvidenceKind.RiskDecision, clauses: ["6.1.3"], controls: ["A.6.2.6"], payload: "a"));
        var b = await h.Store.RecordAsync(EvidenceHarness.Sample(subject: "risk:R-1", kind: EvidenceKind.Attestation, clauses: ["6.1.3"], controls: [], payload: "b"));
        var c = await h.Store.RecordAsync(EvidenceHarness.Sample(subject: "risk:R-2", kind: EvidenceKind.RiskDecision, clauses: ["8.2"], controls: ["A.6.2.6"], payload: "c"));

        async Task<string[]> Ids(EvidenceQuery q) => [.. (await h.ListAllAsync(q)).Items.Select(i => i.Id).Order(StringComparer.Ordinal)];

        Assert.Equal([a.Id], await Ids(new EvidenceQuery { Kind = EvidenceKind.RiskDecision, Clause = "6.1.3" }));
        Assert.Equal([a.Id], await Ids(new EvidenceQuery { Subject = "risk:R-1", Control = "A.6.2.6" }));
        Assert.Equal([a.Id], await Ids(new EvidenceQuery { Clause = "6.1.3", Control = "A.6.2.6" }));
        Assert.Equal([b.Id], await Ids(new EvidenceQuery { Subject = "risk:R-1", Kind = EvidenceKind.Attestation }));
        Assert.Equal(new[] { a.Id, c.Id }.Order(StringComparer.Ordinal), await Ids(new EvidenceQuery { Control = "A.6.2.6" }));
        Assert.Equal(new[] { a.Id, b.Id, c.Id }.Order(StringComparer.Ordinal), await Ids(new EvidenceQuery()));
        Assert.Empty(await Ids(new EvidenceQuery { Subject = "risk:R-2", Clause = "6.1.3" }));
    }

    [Fact]
    public async Task Subjects_with_characters_tables_forbid_in_keys_still_list()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);
        var item = await h.Store.RecordAsync(EvidenceHarness.Sample(subject: "doc:policies/AI use #2?"));

        var (items, _) = await h.ListAllAsync(new EvidenceQuery { Subject = "doc:policies/AI use #2?" });

        Assert.Equal([item.Id], items.Select(i => i.Id));
    }

    [Fact]
    public async Task Invalid_queries_are_refused()
    {
        var h = await EvidenceHarness.CreateAsync(azurite.ConnectionString);

        await Assert.ThrowsAsync<ArgumentException>(() => h.Store.ListAsync(new EvidenceQuery { PageSize = 0 }));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Store.ListAsync(new EvidenceQuery { PageSize = EvidenceQuery.MaxPageSize + 1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Store.ListAsync(new EvidenceQuery { Clause = "6.1' or true" }));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Store.ListAsync(new EvidenceQuery { From = EvidenceHarness.T0, To = EvidenceHarness.T0 }));
    }
}
