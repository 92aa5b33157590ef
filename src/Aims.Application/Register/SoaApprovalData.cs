using Aims.Teams.Conversations;

namespace Aims.Application.Register;

/// <summary>An Approve press on the SoA approval card: the fingerprint of the changes the card showed.</summary>
public sealed record SoaApprovalData(string Fingerprint) : ICardData<SoaApprovalData>
{
    public static SoaApprovalData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(data.Required("fingerprint", "SoA fingerprint"));
    }
}
