using Aims.Core.Reviews;
using Aims.Teams.Conversations;

namespace Aims.Application.Reviews;

/// <summary>
/// The data of <c>internalaudit.finding</c>: the audit and the finding's inputs. A type that is not one of the choices is refused
/// here; what a finding needs besides (a reference in scope, a text) is checked by the service with the audit at hand.
/// </summary>
public sealed record AuditFindingData(string AuditId, AuditFindingInput Finding) : ICardData<AuditFindingData>
{
    public static AuditFindingData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(
            data.Required("auditId", "audit id"),
            new AuditFindingInput(
                data.OptionalChoice("type", "Type", Enum.GetNames<AuditFindingType>()),
                data.Optional("reference"),
                data.Optional("text")));
    }
}
