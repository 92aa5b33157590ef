using Aims.Core.Reports;
using Aims.Teams.Conversations;

namespace Aims.Application.Reports;

/// <summary>
/// The data of <c>report.submit</c>: the form's inputs. A kind that is not one of the choices or a hide-my-name toggle that is
/// not true or false is refused here; a missing title or description is answered by the service's validation.
/// </summary>
public sealed record ReportFormData(string Title, string Description, ReportKind Kind, string? AiSystemId, bool Anonymous) : ICardData<ReportFormData>
{
    public static ReportFormData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var kind = data.OptionalChoice("kind", "Kind", Enum.GetNames<ReportKind>()) is { } k ? Enum.Parse<ReportKind>(k) : ReportKind.Concern;
        return new(
            data.Optional("title") ?? string.Empty,
            data.Optional("description") ?? string.Empty,
            kind,
            data.Optional("aiSystemId"),
            data.OptionalBool("anonymous", "Report anonymously"));
    }
}
