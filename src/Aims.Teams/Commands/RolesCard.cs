using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;

namespace Aims.Teams.Commands;

/// <summary>"Check my roles": the person's AIMS roles as the directory gives them right now (clause 5.3).</summary>
public sealed class RolesCard(RoleResolver roles, TimeProvider time) : ICardActionHandler
{
    public string Verb => HelpVerbs.ShowRoles;

    public async Task<AdaptiveCard> HandleAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var assignment = await roles.GetRolesAsync(context.Actor.ObjectId, RoleFreshness.Current, context.Turn.CancellationToken);
        return Build(context.Actor, assignment, time.GetUtcNow());
    }

    internal static AdaptiveCard Build(Actor actor, RoleAssignment assignment, DateTimeOffset checkedAt)
    {
        var facts = Enum.GetValues<AimsRole>()
            .Select(r => new Fact(r.ToString(), assignment.Has(r) ? "yes" : "no"))
            .ToList();
        return new AdaptiveCard
        {
            FallbackText = $"Roles of {actor.DisplayName}",
            Body =
            [
                TextBlock.Heading($"Roles of {actor.DisplayName}"),
                new FactSet { Facts = facts },
                TextBlock.Plain($"Checked with the directory at {checkedAt:yyyy-MM-dd HH:mm} UTC.", subtle: true),
            ],
            Actions = [new ExecuteAction { Title = "Back to help", Verb = HelpVerbs.ShowHelp }],
        };
    }
}
