using Aims.Teams.Protocol;

namespace Aims.Teams.Conversations;

/// <summary>Handles an authenticated activity. Returns the invoke response for invokes, null otherwise.</summary>
public interface IActivityHandler
{
    Task<InvokeResponse?> HandleAsync(TurnContext turn);
}
