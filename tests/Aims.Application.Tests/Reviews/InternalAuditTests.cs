using System.Net;
using System.Text.Json;
using Aims.Application.Evidence;
using Aims.Application.Jobs;
using Aims.Application.Reviews;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Reports;
using Aims.Core.Reviews;
using Aims.Core.Soa;
using Aims.Teams.Conversations;
using Aims.Teams.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Tests.Reviews;

/// <summary>The internal audit programme (9.2), its digest results, and the digest as a queued bot job, on a dedicated Azurite.</summary>
public sealed class InternalAuditTests : IClassFixture<DedicatedAzurite>, IDisposable
{
    private const string Alex = ReviewHost.Alex;
    private const string Adele = ReviewHost.Adele;
    private const string Isaiah = ReviewHost.Isaiah;
    private static readonly Actor IsaiahActor = new(Isaiah, "Isaiah Langer");
    private readonly string _storage;
    private readonly ReviewHost _host;

    public InternalAuditTests(DedicatedAzurite azurite)
    {
        _storage = azurite.ConnectionString;
        _host = new ReviewHost(_storage, new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero));
    }

    public void Dispose() => _host.Dispose();

    private static object Plan(string title, string[] scope, string auditor, string? auditee = null, string date = "2026-10-15") =>
        new { title, scope, plannedDate = date, auditorObjectId = auditor, auditeeObjectId = auditee };

    [Fact]
    public async Task Audits_are_refused_field_by_field_for_bad_input_non_auditors_and_auditors_of_their_own_work()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Post, "/api/internal-audits", Isaiah, Plan("x", ["9.2"], Isaiah))).Status);

        var (status, body) = await _host.SendAsync(HttpMethod.Post, "/api/internal-audits", Alex, Plan("", ["6.1", "Z.9"], Alex, date: "15/10/2026"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["auditorObjectId", "plannedDate", "scope", "title"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList());
        Assert.Contains("Auditor role", body.GetProperty("errors").GetProperty("auditorObjectId")[0].GetString(), StringComparison.Ordinal);

        // Isaiah is the auditee of the area: refused.
        (status, body) = await _host.SendAsync(HttpMethod.Post, "/api/internal-audits", Alex, Plan("Own area", ["9.2"], Isaiah, auditee: Isaiah));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("auditee", body.GetProperty("errors").GetProperty("auditorObjectId")[0].GetString(), StringComparison.Ordinal);

        // Isaiah owns A.6.2.4 in the SoA: he may not audit A.6, but may audit A.8.
        await _host.Get<ISoaStore>().SaveAsync(SoaEntry.Default("A.6.2.4") with { OwnerObjectId = Isaiah, Status = ImplementationStatus.Implemented }, null);
        (status, body) = await _host.SendAsync(HttpMethod.Post, "/api/internal-audits", Alex, Plan("Life cycle", ["A.6"], Isaiah));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("owns A.6.2.4", body.GetProperty("errors").GetProperty("auditorObjectId")[0].GetString(), StringComparison.Ordinal);
        var (_, list) = await _host.SendAsync(HttpMethod.Get, "/api/internal-audits", Alex);
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), a => a.GetProperty("title").GetString() is "Own area" or "Life cycle" or "");
        Assert.Empty(_host.Connector.CardsTo(Isaiah));

        (status, _) = await _host.SendAsync(HttpMethod.Post, "/api/internal-audits", Alex, Plan("Information for interested parties", ["A.8"], Isaiah, auditee: Alex));
        Assert.Equal(HttpStatusCode.Created, status);
    }

    [Fact]
    public async Task Findings_come_from_the_auditor_nonconformities_open_a_report_and_the_digest_shows_the_results()
    {
        var (status, created) = await _host.SendAsync(HttpMethod.Post, "/api/internal-audits", Alex, Plan("Risk management", ["6.1", "A.5"], Isaiah, auditee: Alex));
        Assert.Equal(HttpStatusCode.Created, status);
        var id = created.GetProperty("id").GetString()!;
        var card = Assert.Single(_host.Connector.CardsTo(Isaiah), c => c.Contains(id, StringComparison.Ordinal));
        Assert.Contains(InternalAuditCard.VerbFinding, card, StringComparison.Ordinal);

        // Not the auditor: refused through the API and the card.
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Post, $"/api/internal-audits/{id}/findings", Alex, new { type = "Observation", reference = "6.1.2", text = "x" })).Status);
        var refused = await PressAsync(Alex, InternalAuditCard.VerbFinding, id, "press-0", new { type = "Observation", reference = "6.1.2", text = "x" });
        Assert.Contains("Not allowed", refused, StringComparison.Ordinal);

        // Out of scope or unknown references: 400 field by field.
        var (bad, problem) = await _host.SendAsync(HttpMethod.Post, $"/api/internal-audits/{id}/findings", Isaiah, new { type = "Severe", reference = "A.9.2", text = "" });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal(["reference", "text", "type"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList());

        // A major nonconformity from the card (pressed twice: Teams retries with the same activity id) and an observation by API.
        var first = await PressAsync(Isaiah, InternalAuditCard.VerbFinding, id, "press-1", new { type = "MajorNonconformity", reference = "6.1.2", text = "Risk criteria not applied to the chatbot" });
        var again = await PressAsync(Isaiah, InternalAuditCard.VerbFinding, id, "press-1", new { type = "MajorNonconformity", reference = "6.1.2", text = "Risk criteria not applied to the chatbot" });
        Assert.Contains("nonconformity NC-", first, StringComparison.Ordinal);
        Assert.Contains("Already recorded", again, StringComparison.Ordinal);
        (status, _) = await _host.SendAsync(HttpMethod.Post, $"/api/internal-audits/{id}/findings", Isaiah, new { type = "Observation", reference = "A.5.2", text = "Impact assessment template is long" });
        Assert.Equal(HttpStatusCode.Created, status);
        // The card in Isaiah's chat shows the finding recorded through the API too.
        var cardCopy = Assert.Single(await _host.Get<Core.Messaging.ICardMessageLog>().ListAsync(InternalAuditService.CardSubject(id)));
        Assert.Contains("Impact assessment template is long", _host.Connector.Updated.Last(u => u.ActivityId == cardCopy.ActivityId).Card, StringComparison.Ordinal);

        var audit = (await _host.Get<IInternalAudits>().GetAsync(id))!.Audit;
        Assert.Equal(2, audit.Findings.Count);
        var major = audit.Findings.Single(f => f.Type == AuditFindingType.MajorNonconformity);
        var reports = new List<NonconformityReport>();
        await foreach (var r in _host.Get<IReportStore>().ListAllAsync()) reports.Add(r);
        var nc = Assert.Single(reports);
        Assert.Equal(major.NonconformityId, nc.Id);
        Assert.Equal(ReportKind.Nonconformity, nc.Kind);
        Assert.Equal(Isaiah, nc.ReporterObjectId);
        Assert.Null(audit.Findings.Single(f => f.Type == AuditFindingType.Observation).NonconformityId);

        var evidence = await _host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = InternalAuditService.Subject(id), PageSize = 100 });
        Assert.Contains(evidence.Items, e => e.Clauses.Order(StringComparer.Ordinal).SequenceEqual(["6.1.2", "9.2", "9.2.2"]) && e.Summary.Contains("Major nonconformity", StringComparison.Ordinal));
        Assert.Contains(evidence.Items, e => e.Controls.SequenceEqual(["A.5.2"]) && e.Summary.Contains("Observation", StringComparison.Ordinal));
        Assert.All(evidence.Items, e => Assert.Contains("9.2", e.Clauses));

        Assert.Contains("Audit completed", await PressAsync(Isaiah, InternalAuditCard.VerbComplete, id, "press-3", new { }), StringComparison.Ordinal);
        var digest = await _host.Get<DigestBuilder>().BuildAsync("Alex Wilber");
        var line = Assert.Single(digest.AuditResults!, l => l.StartsWith(id, StringComparison.Ordinal));
        Assert.Contains("completed, 1 major nonconformity, 1 observation (" + nc.Id + ")", line, StringComparison.Ordinal);
        Assert.Contains(_host.Services.GetServices<IAuditPackSection>(), s => s.Name == "internal-audits");
    }

    [Fact]
    public async Task The_digest_command_answers_at_once_and_the_job_sends_the_digest_to_the_configured_leadership_chat()
    {
        using var host = new ReviewHost(_storage, new DateTimeOffset(2026, 9, 2, 8, 0, 0, TimeSpan.Zero), new Dictionary<string, string?>
        {
            ["ManagementReview:ConversationId"] = "19:leadership@thread.v2",
            ["ManagementReview:ServiceUrl"] = "http://127.0.0.1:9/_connector",
        });
        var before = await host.Get<Core.Reviews.IDigestArchive>().LatestAsync();

        // The command only queues: it builds nothing within the turn.
        var command = host.Services.GetServices<IBotCommand>().Single(c => c.Name == "digest");
        var replies = new List<Activity>();
        var connector = new RecordingConnector();
        var turn = new TurnContext(new Activity
        {
            Type = "message", Id = "digest-press-1", ServiceUrl = "http://127.0.0.1:9/_connector", ChannelId = "msteams", Text = "digest",
            From = new ChannelAccount { Id = "user", Name = "Alex", AadObjectId = Alex }, Recipient = new ChannelAccount { Id = "bot" },
            Conversation = new ConversationAccount { Id = "conv-command", ConversationType = "personal", TenantId = "t" },
        }, new Uri("http://127.0.0.1:9/_connector"), connector, CancellationToken.None);
        await command.HandleAsync(new CommandContext(turn, new Actor(Alex, "Alex Wilber"), new Core.Directory.RoleAssignment(Alex, new HashSet<AimsRole> { AimsRole.AimsManager }, host.Clock.GetUtcNow(), false)), string.Empty);
        var reply = Assert.Single(connector.Sent);
        Assert.Contains("Preparing the management review digest", reply.Activity.Text, StringComparison.Ordinal);
        Assert.Equal(before?.Id, (await host.Get<Core.Reviews.IDigestArchive>().LatestAsync())?.Id);

        // The queued job: posted once to the leadership chat (not 1:1 to top management), the requester gets the card.
        var handler = host.Services.GetServices<Aims.Application.Work.IQueueHandler>().OfType<BotJobHandler>().Single();
        await handler.HandleAsync(JsonSerializer.Serialize(new BotJob(ManagementReviewDigestJob.JobKind, Alex, "digest-press-1")), 1, CancellationToken.None);
        var posted = Assert.Single(host.Connector.CardsIn("19:leadership@thread.v2"));
        Assert.Contains("Management review", posted, StringComparison.Ordinal);
        Assert.Empty(host.Connector.CardsTo(Adele));
        Assert.Contains("Sent to 1 recipient.", Assert.Single(host.Connector.CardsTo(Alex)), StringComparison.Ordinal);
        // The requester's copy is tracked with the others, so leadership responses update it too.
        var digestId = (await host.Get<Core.Reviews.IDigestArchive>().LatestAsync())!.Id;
        Assert.Contains(await host.Get<Core.Messaging.ICardMessageLog>().ListAsync(ManagementReviewService.Subject(digestId)), c => c.RecipientObjectId == Alex);

        // A redelivered queue message sends nothing again.
        await handler.HandleAsync(JsonSerializer.Serialize(new BotJob(ManagementReviewDigestJob.JobKind, Alex, "digest-press-1")), 2, CancellationToken.None);
        Assert.Single(host.Connector.CardsIn("19:leadership@thread.v2"));
    }

    private async Task<string> PressAsync(string actor, string verb, string auditId, string activityId, object inputs)
    {
        var data = JsonSerializer.SerializeToElement(inputs).EnumerateObject().ToDictionary(p => p.Name, p => (string?)p.Value.GetString());
        data["auditId"] = auditId;
        var handler = _host.Services.GetServices<ICardActionHandler>().OfType<InternalAuditCardActions>().Single();
        var turn = new TurnContext(new Activity
        {
            Type = "invoke", Name = "adaptiveCard/action", Id = activityId, ServiceUrl = "http://127.0.0.1:9/_connector", ChannelId = "msteams",
            From = new ChannelAccount { Id = "user", AadObjectId = actor }, Conversation = new ConversationAccount { Id = "conv-" + actor, ConversationType = "personal", TenantId = "t" },
        }, new Uri("http://127.0.0.1:9/_connector"), _host.Connector, CancellationToken.None);
        return (await handler.HandleAsync(new CardActionContext(turn, new Actor(actor, actor == Isaiah ? "Isaiah Langer" : "Alex Wilber"), verb, data, false))).ToJson();
    }
}
