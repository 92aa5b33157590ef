using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Gaps;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Register;

/// <summary><c>systems</c>: the AI systems the person owns; AIMS managers, auditors and top management see all of them.</summary>
public sealed class SystemsCommand(IAiSystemRegistry registry, TimeProvider time) : IBotCommand
{
    public string Name => "systems";

    public string Description => "List the AI systems you own (all of them for AIMS managers, auditors and top management)";

    public IReadOnlyCollection<AimsRole> AllowedRoles => RegisterApi.Readers;

    public async Task HandleAsync(CommandContext context, string arguments)
    {
        ArgumentNullException.ThrowIfNull(context);
        var all = RegisterApi.Overseers.Any(context.Roles.Has);
        var systems = await RegisterQueries.AllAsync(registry, includeRetired: false, context.Turn.CancellationToken,
            owner: all ? null : context.Actor.ObjectId);
        var title = all ? "AI systems in the register" : "AI systems you own";
        await context.Turn.SendCardAsync(SystemListCard.Create(title, [.. systems.Select(s => s.System)], DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)));
    }
}

/// <summary><c>system NAME</c>: the card of one AI system, found by exact name, else by a unique part of its name or its id.</summary>
public sealed class SystemCommand(IAiSystemRegistry registry, IDirectoryClient directory, Lifecycle.LifecycleService lifecycle, Incidents.IncidentCommunicationService communications, WorkspaceLinks links, TimeProvider time, ILogger<SystemCommand> logger) : IBotCommand
{
    public string Name => "system";

    public string Description => "Show one AI system: facts, stage and what blocks its next gate, linked risks and review dates";

    public string Usage => "system NAME";

    public IReadOnlyCollection<AimsRole> AllowedRoles => RegisterApi.Readers;

    public async Task HandleAsync(CommandContext context, string arguments)
    {
        ArgumentNullException.ThrowIfNull(context);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var name = arguments.Trim();
        if (name.Length == 0)
        {
            await context.Turn.SendCardAsync(ErrorCards.Problem("Name the system: system NAME (type systems to see the names)."));
            return;
        }

        var systems = await RegisterQueries.AllAsync(registry, includeRetired: true, context.Turn.CancellationToken);
        var matches = systems.Where(s => s.System.Id.Equals(name, StringComparison.OrdinalIgnoreCase) || s.System.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 0)
        {
            matches = [.. systems.Where(s => s.System.Name.Contains(name, StringComparison.OrdinalIgnoreCase))];
        }

        if (matches.Count == 0)
        {
            await context.Turn.SendCardAsync(ErrorCards.Problem($"No AI system is called '{CardText.Truncate(name, 100)}'. Type systems to see the names."));
            return;
        }

        if (matches.Count > 1)
        {
            await context.Turn.SendCardAsync(SystemListCard.Create($"{matches.Count} AI systems match '{CardText.Truncate(name, 60)}'", [.. matches.Select(m => m.System)], today));
            return;
        }

        var system = matches[0].System;
        var owner = system.Details.OwnerObjectId;
        try
        {
            owner = (await directory.GetUserAsync(owner, context.Turn.CancellationToken))?.DisplayName ?? owner;
        }
        catch (DirectoryUnavailableException ex)
        {
            logger.LogWarning(ex, "Directory unavailable: showing the owner of {SystemId} by object id", system.Id);
        }

        await context.Turn.SendCardAsync(SystemCard.Create(system, owner, today, links, await lifecycle.StatusAsync(system.Id, context.Turn.CancellationToken),
            await communications.ListAsync(system.Id, context.Turn.CancellationToken)));
    }
}

/// <summary><c>gaps</c> (AimsManager, Auditor, TopManagement): coverage percentages and the top gaps.</summary>
public sealed class GapsCommand(GapAnalyzer analyzer, IEnumerable<Core.Reviews.IDocumentsPastReviewSource> documents) : IBotCommand
{
    public string Name => "gaps";

    public string Description => "Gap analysis: evidence coverage of the clauses and Annex A controls, top gaps first";

    public IReadOnlyCollection<AimsRole> AllowedRoles => RegisterApi.Overseers;

    public async Task HandleAsync(CommandContext context, string arguments)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = await analyzer.AnalyseAsync(context.Turn.CancellationToken);
        var pastReview = documents.FirstOrDefault() is { } d ? await d.PastReviewAsync(context.Turn.CancellationToken) : null;
        await context.Turn.SendCardAsync(GapsCard.Create(report, pastReview));
    }
}
