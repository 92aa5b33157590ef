using System.Text;
using Aims.Core.Evidence;
using Aims.Core.Identity;

namespace Aims.Core.Tests.Evidence;

public sealed class EvidenceEnvelopeTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 5, 6, 7, 891, TimeSpan.Zero);
    private static readonly Actor Ada = new("oid-ada", "Ada Lovelace");

    private static NewEvidence Sample(string subject = "risk:R-12", string[]? clauses = null, DateTimeOffset? recordedAt = null) =>
        new(EvidenceKind.RiskDecision, subject, Ada, clauses ?? ["6.1.3", "8.2"], ["A.6.2.6"], "corr-1", "Risk R-12 accepted",
            Encoding.UTF8.GetBytes("{\"decision\":\"accept\"}"), NewEvidence.JsonContentType, recordedAt);

    [Fact]
    public void The_id_is_the_sha256_of_the_envelope_bytes()
    {
        var (item, envelope) = EvidenceEnvelope.Create(Sample(), Now);

        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(envelope)), item.Id);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("{\"decision\":\"accept\"}"))), item.PayloadSha256);
        Assert.Equal(21, item.PayloadSize);
        Assert.Equal(Now, item.RecordedAt);
    }

    [Fact]
    public void Known_answer_the_envelope_bytes_and_id_of_a_fixed_item()
    {
        // Written by hand from the documented format (fixed property order, compact, UTC with 7 digits); the hashes come
        // from sha256sum over these exact bytes and over the payload, not from the code under test.
        const string Envelope = "{\"v\":1,\"kind\":\"risk-decision\",\"subject\":\"risk:R-12\",\"actor\":{\"objectId\":\"oid-ada\",\"displayName\":\"Ada Lovelace\"}," +
            "\"recordedAt\":\"2025-03-04T05:06:07.8910000Z\",\"clauses\":[\"6.1.3\",\"8.2\"],\"controls\":[\"A.6.2.6\"],\"correlationId\":\"corr-1\"," +
            "\"contentType\":\"application/json\",\"payloadSha256\":\"4d9bd2891154b653331bb99c425f67a8429ad29dfd6386d3bfb33f031afb98aa\",\"payloadSize\":21,\"summary\":\"Risk R-12 accepted\"}";

        var (item, envelope) = EvidenceEnvelope.Create(Sample(clauses: ["8.2", "6.1.3"]), Now);

        Assert.Equal(Envelope, Encoding.UTF8.GetString(envelope));
        Assert.Equal("sha256:6db2eba01733104a4e40898bb442afac5cdfdf8396bf9898e748470685aaf82f", item.Id);
        Assert.Equal("4d9bd2891154b653331bb99c425f67a8429ad29dfd6386d3bfb33f031afb98aa", item.PayloadSha256);
        Assert.Equal("6db2eba01733104a4e40898bb442afac5cdfdf8396bf9898e748470685aaf82f", EvidenceEnvelope.GetHash(item.Id));
    }

    [Fact]
    public void Identical_content_gives_the_same_id_whatever_the_order_of_clauses()
    {
        var a = EvidenceEnvelope.Create(Sample(clauses: ["8.2", "6.1.3"]), Now);
        var b = EvidenceEnvelope.Create(Sample(clauses: ["6.1.3", "8.2", "6.1.3"]), Now);

        Assert.Equal(a.Item.Id, b.Item.Id);
        Assert.Equal(a.Envelope, b.Envelope);
        Assert.Equal(["6.1.3", "8.2"], b.Item.Clauses);
    }

    [Fact]
    public void A_different_time_subject_or_payload_gives_another_id()
    {
        var baseline = EvidenceEnvelope.Create(Sample(), Now).Item.Id;

        Assert.NotEqual(baseline, EvidenceEnvelope.Create(Sample(), Now.AddTicks(1)).Item.Id);
        Assert.NotEqual(baseline, EvidenceEnvelope.Create(Sample(subject: "risk:R-13"), Now).Item.Id);
        Assert.NotEqual(baseline, EvidenceEnvelope.Create(Sample() with { Payload = new byte[] { 1 } }, Now).Item.Id);
        Assert.NotEqual(baseline, EvidenceEnvelope.Create(Sample() with { Actor = Ada with { DisplayName = "A. Lovelace" } }, Now).Item.Id);
    }

    [Fact]
    public void An_explicit_recorded_at_overrides_the_clock_and_is_kept_in_utc()
    {
        var at = new DateTimeOffset(2024, 12, 31, 23, 0, 0, TimeSpan.FromHours(-5));

        var item = EvidenceEnvelope.Create(Sample(recordedAt: at), Now).Item;

        Assert.Equal(at, item.RecordedAt);
        Assert.Equal(TimeSpan.Zero, item.RecordedAt.Offset);
    }

    [Fact]
    public void Parse_reads_back_every_field()
    {
        var (item, envelope) = EvidenceEnvelope.Create(Sample(), Now);

        var parsed = EvidenceEnvelope.Parse(item.Id, envelope);

        Assert.Equal(item with { Clauses = [], Controls = [] }, parsed with { Clauses = [], Controls = [] });
        Assert.Equal(item.Clauses, parsed.Clauses);
        Assert.Equal(item.Controls, parsed.Controls);
    }

    [Fact]
    public void Parse_refuses_bytes_that_do_not_match_the_id()
    {
        var (item, envelope) = EvidenceEnvelope.Create(Sample(), Now);
        var altered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(envelope).Replace("accepted", "rejected", StringComparison.Ordinal));

        Assert.Throws<EvidenceIntegrityException>(() => EvidenceEnvelope.Parse(item.Id, altered));
    }

    [Fact]
    public void Json_payloads_are_serialised_with_a_json_content_type()
    {
        var evidence = NewEvidence.FromJson(EvidenceKind.Attestation, "policy:P-1", Ada, ["5.2"], [], null, "Policy read", new { Read = true });

        Assert.Equal(NewEvidence.JsonContentType, evidence.ContentType);
        Assert.Equal("{\"Read\":true}", Encoding.UTF8.GetString(evidence.Payload.Span));
    }

    public static TheoryData<NewEvidence> Invalid() =>
    [
        Sample() with { Subject = "" },
        Sample() with { Subject = " risk:R-12" },
        Sample() with { Subject = new string('x', 257) },
        Sample() with { Kind = default },
        Sample() with { Summary = "" },
        Sample() with { Summary = "line\nbreak" },
        Sample() with { Actor = new Actor("", "Nobody") },
        Sample() with { ContentType = "" },
        Sample() with { CorrelationId = "" },
        Sample() with { Clauses = ["6.1.3", "6/1"] },
        Sample() with { Controls = ["A..6"] },
        Sample() with { Clauses = null! },
    ];

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_input_is_refused(NewEvidence evidence) =>
        Assert.Throws<ArgumentException>(() => EvidenceEnvelope.Create(evidence, Now));

    [Theory]
    [InlineData("")]
    [InlineData("Risk-Decision")]
    [InlineData("-x")]
    [InlineData("risk decision")]
    public void Kinds_are_lowercase_slugs(string value) =>
        Assert.Throws<ArgumentException>(() => new EvidenceKind(value));

    [Fact]
    public void Ids_are_recognised_only_in_their_exact_form()
    {
        var hex = new string('c', 64);

        Assert.Equal(hex, EvidenceEnvelope.TryGetHash("sha256:" + hex));
        Assert.Null(EvidenceEnvelope.TryGetHash(hex));
        Assert.Null(EvidenceEnvelope.TryGetHash("sha256:" + hex.ToUpperInvariant()));
        Assert.Null(EvidenceEnvelope.TryGetHash("sha256:" + hex + "/../x"));
    }
}
