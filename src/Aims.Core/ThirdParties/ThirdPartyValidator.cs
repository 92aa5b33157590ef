using Aims.Core.Context;

namespace Aims.Core.ThirdParties;

/// <summary>The rules of a third-party record and of a supplier assessment; every problem is named by its field.</summary>
public static class ThirdPartyValidator
{
    public static Dictionary<string, string[]> Validate(ThirdPartyInput? input)
    {
        var e = new Dictionary<string, string[]>();
        if (input is null)
        {
            e["body"] = ["A third-party object is required."];
            return e;
        }

        ContextValidator.Text(e, "name", input.Name, ContextValidator.MaxTitle, required: true);
        if (input.Relationship is null || !Enum.IsDefined(input.Relationship.Value)) e["relationship"] = ["Supplier or Customer."];
        if (input.SystemIds is not { Count: > 0 }) e["systemIds"] = ["Name at least one AI system it supplies or receives."];
        ContextValidator.Text(e, "provides", input.Provides, ContextValidator.MaxText, required: true, requiredMessage: "Say what it provides or receives.");
        ContextValidator.Text(e, "customerInformation", input.CustomerInformation, ContextValidator.MaxText, required: false);
        if (input.Relationship == ThirdPartyRelationship.Supplier && input.CustomerInformation is { Length: > 0 }) e["customerInformation"] = ["Only a customer is told about the AI system (A.10.4)."];
        var responsibilities = input.Responsibilities ?? [];
        if (responsibilities.Count > ContextValidator.MaxListItems) e["responsibilities"] = [$"At most {ContextValidator.MaxListItems} responsibilities."];
        for (var i = 0; i < Math.Min(responsibilities.Count, ContextValidator.MaxListItems); i++)
        {
            if (responsibilities[i] is not { } r)
            {
                e[$"responsibilities[{i}]"] = ["A responsibility object is required."];
                continue;
            }

            ContextValidator.Text(e, $"responsibilities[{i}].party", r.Party, ContextValidator.MaxTitle, required: true);
            ContextValidator.Text(e, $"responsibilities[{i}].duty", r.Duty, ContextValidator.MaxListItemLength, required: true);
        }

        return e;
    }

    public static Dictionary<string, string[]> Validate(SupplierAssessmentInput? input)
    {
        var e = new Dictionary<string, string[]>();
        if (input is null)
        {
            e["body"] = ["An assessment object is required."];
            return e;
        }

        if (input.Outcome is null || !Enum.IsDefined(input.Outcome.Value)) e["outcome"] = [$"One of {string.Join(", ", Enum.GetNames<AssessmentOutcome>())}."];
        ContextValidator.Text(e, "summary", input.Summary, ContextValidator.MaxText, required: true, requiredMessage: "Say what was assessed and found.");
        return e;
    }
}
