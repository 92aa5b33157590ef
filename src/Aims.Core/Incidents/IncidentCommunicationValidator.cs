using Aims.Core.Context;

namespace Aims.Core.Incidents;

/// <summary>The rules of an incident communication record; every problem is named by its field.</summary>
public static class IncidentCommunicationValidator
{
    public static Dictionary<string, string[]> Validate(IncidentCommunicationInput? input, DateTimeOffset now)
    {
        var e = new Dictionary<string, string[]>();
        if (input is null)
        {
            e["body"] = ["An incident communication object is required."];
            return e;
        }

        ContextValidator.Text(e, "incident", input.Incident, ContextValidator.MaxText, required: true, requiredMessage: "Say which incident was communicated.");
        ContextValidator.Text(e, "reportId", input.ReportId, ContextValidator.MaxTitle, required: false);
        ContextValidator.Text(e, "audience", input.Audience, ContextValidator.MaxListItemLength, required: true, requiredMessage: "Say who was informed.");
        ContextValidator.Text(e, "channel", input.Channel, ContextValidator.MaxTitle, required: true, requiredMessage: "Say by what channel (letter, email, website notice, call).");
        ContextValidator.Text(e, "message", input.Message, ContextValidator.MaxText, required: true, requiredMessage: "Say what was communicated.");
        ContextValidator.Text(e, "communicatedBy", input.CommunicatedBy, ContextValidator.MaxTitle, required: true, requiredMessage: "Say who communicated it.");
        if (input.CommunicatedAt is not { } at) e["communicatedAt"] = ["When it was communicated (date and time) is required."];
        else if (at > now.AddMinutes(5)) e["communicatedAt"] = ["A communication cannot be recorded before it happened."];
        return e;
    }
}
