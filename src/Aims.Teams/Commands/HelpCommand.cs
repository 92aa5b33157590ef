using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Teams.Commands;

/// <summary><c>help</c>: the commands the current person may use, given their roles right now.</summary>
public sealed class HelpCommand(IServiceProvider services) : IBotCommand, ICardActionHandler
{
    public string Name => "help";

    public string Description => "What I can do for you";

    string ICardActionHandler.Verb => HelpVerbs.ShowHelp;

    public async Task HandleAsync(CommandContext context, string arguments)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.Turn.SendCardAsync(Build(context.Actor, context.Roles));
    }

    public async Task<AdaptiveCard> HandleAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var roles = await Roles.GetRolesAsync(context.Actor.ObjectId, RoleFreshness.LastKnownAllowed, context.Turn.CancellationToken);
        return Build(context.Actor, roles);
    }

    // Resolved lazily: the router that lists the commands also contains this command.
    private CommandRouter Router => services.GetRequiredService<CommandRouter>();

    private RoleResolver Roles => services.GetRequiredService<RoleResolver>();

    internal AdaptiveCard Build(Actor actor, RoleAssignment roles)
    {
        var allowed = Router.Commands
            .Where(c => c.AllowedRoles.Count == 0 || c.AllowedRoles.Any(roles.Has))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var rows = new List<TableRow>
        {
            new() { Style = "accent", Cells = [Cell("**Command**"), Cell("**What it does**")] },
        };
        rows.AddRange(allowed.Select(c => new TableRow { Cells = [Cell(CardText.Escape(c.Usage)), Cell(CardText.Escape(c.Description))] }));
        var roleText = roles.Roles.Count == 0 ? "none yet (ask your AIMS manager)" : string.Join(", ", roles.Roles.OrderBy(r => r));
        return new AdaptiveCard
        {
            FallbackText = "AIMS help: " + string.Join(", ", allowed.Select(c => c.Name)),
            Body =
            [
                new TextBlock { Text = "AIMS: what you can do", Size = "Large", Weight = "Bolder", Style = "heading" },
                TextBlock.Plain($"Signed in as {actor.DisplayName}. Your AIMS roles: {roleText}.", subtle: true),
                new Table { Columns = [new() { Width = 1 }, new() { Width = 2 }], Rows = rows, FirstRowAsHeader = true, ShowGridLines = false },
            ],
            Actions = [new ExecuteAction { Title = "Check my roles", Verb = HelpVerbs.ShowRoles }],
        };
    }

    private static TableCell Cell(string markdown) => new() { Items = [new TextBlock { Text = markdown, Wrap = true }] };
}
