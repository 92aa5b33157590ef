using Aims.Teams.Conversations;

namespace Aims.Application.Lifecycle;

/// <summary>The data of <c>gate.approve</c>, <c>gate.reject</c> and <c>gate.refresh</c>.</summary>
public sealed record GateDecisionData(string GateId, string? RejectComment) : ICardData<GateDecisionData>
{
    public static GateDecisionData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(data.Required("gateId", "gate request"), data.Optional(GateApprovalCard.RejectComment));
    }
}
