using Aims.Core.Context;

namespace Aims.Core.Data;

/// <summary>The rules of a dataset record and of a quality check; every problem is named by its field.</summary>
public static class DatasetValidator
{
    public const int MaxSystems = 50;

    public static Dictionary<string, string[]> Validate(DatasetInput? input, DateOnly today)
    {
        var e = new Dictionary<string, string[]>();
        if (input is null)
        {
            e["body"] = ["A dataset object is required."];
            return e;
        }

        ContextValidator.Text(e, "name", input.Name, ContextValidator.MaxTitle, required: true);
        ContextValidator.Text(e, "source", input.Source, ContextValidator.MaxTitle, required: true, requiredMessage: "Say where the data comes from.");
        ContextValidator.Text(e, "licence", input.Licence, ContextValidator.MaxTitle, required: false);
        ContextValidator.Text(e, "provenance", input.Provenance, ContextValidator.MaxText, required: true, requiredMessage: "Describe how the data was obtained and what happened to it since.");
        ContextValidator.Text(e, "version", input.Version, 64, required: true);
        if (input.SystemIds is not { Count: > 0 }) e["systemIds"] = ["Name at least one AI system that uses the dataset."];
        else if (input.SystemIds.Count > MaxSystems) e["systemIds"] = [$"At most {MaxSystems} AI systems."];
        if (input.PersonalData is null) e["personalData"] = ["Say whether the dataset holds personal data (true or false)."];
        if (input.PersonalData is true) ContextValidator.Text(e, "legalBasis", input.LegalBasis, ContextValidator.MaxTitle, required: true, requiredMessage: "Personal data needs its legal basis.");
        if (input.AcquiredOn is { } on && on > today) e["acquiredOn"] = ["The acquisition date cannot be in the future."];
        if (input.PreparationSteps is { Count: > ContextValidator.MaxListItems }) e["preparationSteps"] = [$"At most {ContextValidator.MaxListItems} steps."];
        for (var i = 0; i < Math.Min(input.PreparationSteps?.Count ?? 0, ContextValidator.MaxListItems); i++)
        {
            ContextValidator.Text(e, $"preparationSteps[{i}]", input.PreparationSteps![i], ContextValidator.MaxListItemLength, required: true);
        }

        return e;
    }

    public static Dictionary<string, string[]> Validate(QualityCheckInput? input)
    {
        var e = new Dictionary<string, string[]>();
        if (input is null)
        {
            e["body"] = ["A quality check object is required."];
            return e;
        }

        ContextValidator.Text(e, "check", input.Check, ContextValidator.MaxTitle, required: true, requiredMessage: "Name what was checked (completeness, bias, labels...).");
        if (input.Result is null || !Enum.IsDefined(input.Result.Value)) e["result"] = [$"One of {string.Join(", ", Enum.GetNames<QualityResult>())}."];
        ContextValidator.Text(e, "detail", input.Detail, ContextValidator.MaxText, required: true, requiredMessage: "Give the result: figures, method, what was found.");
        return e;
    }
}
