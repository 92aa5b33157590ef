using Aims.Application.Work;

namespace Aims.Application.Objectives;

/// <summary>Announces breach and alert acknowledgements from the queue: every copy of the card replaced, once per acknowledgement.</summary>
public sealed class BreachAnnouncer(ObjectiveService service) : IDecisionAnnouncer
{
    public const string KindName = "breach";

    public string Kind => KindName;

    public Task AnnounceAsync(DecisionAnnouncement announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        return service.AnnounceAcknowledgementAsync(announcement, cancellationToken);
    }
}
