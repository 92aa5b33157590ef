using Aims.Teams.Conversations;

namespace Aims.Application.Reviews;

/// <summary>The data of <c>internalaudit.complete</c> (and what every audit press carries): the audit.</summary>
public sealed record InternalAuditData(string AuditId) : ICardData<InternalAuditData>
{
    public static InternalAuditData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(data.Required("auditId", "audit id"));
    }
}
