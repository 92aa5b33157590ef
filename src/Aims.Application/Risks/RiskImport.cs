using System.Globalization;
using Aims.Application.Http;
using Aims.Application.Register;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Risks;
using Aims.Core.Soa;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Risks;

/// <summary>One bad row of an import: its line in the file and why.</summary>
public sealed record RiskImportError(int Line, string Field, string Reason);

public sealed record RiskImportReport(int Rows, int ValidRows, IReadOnlyList<RiskImportError> Errors, IReadOnlyList<string> Created, bool Applied);

/// <summary>
/// CSV import of new risks (the export's layout; computed and workflow columns are ignored). A dry run reports every bad row;
/// an apply writes all rows or none unless <c>partial</c> is asked for. Imported risks start as drafts.
/// </summary>
public sealed class RiskImport(IAiSystemRegistry systems, ISoaStore soa, RiskService service, RoleResolver roles)
{
    private static readonly string[] Required = ["ai_system_id", "title", "category", "source", "likelihood", "impact", "treatment", "residual_likelihood", "residual_impact", "owner_object_id"];

    public async Task<RiskImportReport> ImportAsync(string csv, bool apply, bool partial, Actor actor, CancellationToken ct)
    {
        await roles.RequireAsync(actor.ObjectId, RiskWorkflow.Submitters, "import risks", ct);
        var records = Csv.Parse(csv).ToList();
        var errors = new List<RiskImportError>();
        if (records.Count == 0)
        {
            return new RiskImportReport(0, 0, [new RiskImportError(1, "file", "The file is empty.")], [], false);
        }

        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = Required.Where(r => !header.Contains(r)).ToList();
        if (missing.Count > 0)
        {
            return new RiskImportReport(records.Count - 1, 0, [new RiskImportError(records[0].Line, "header", "Missing columns: " + string.Join(", ", missing))], [], false);
        }

        var valid = new List<(int Line, Risk Risk)>();
        var knownSystems = new Dictionary<string, bool>(StringComparer.Ordinal);
        IReadOnlyList<SoaEntry>? soaEntries = null;
        foreach (var record in records.Skip(1))
        {
            if (record.Error is not null)
            {
                errors.Add(new RiskImportError(record.Line, "row", record.Error));
                continue;
            }

            string Cell(string name) => header.IndexOf(name) is var i && i >= 0 && i < record.Fields.Count ? Csv.Restore(record.Fields[i].Trim()) : string.Empty;
            var rowErrors = new List<RiskImportError>();
            T ParseEnum<T>(string column) where T : struct, Enum
            {
                if (Enum.TryParse<T>(Cell(column), ignoreCase: true, out var value) && Enum.IsDefined(value)) return value;
                rowErrors.Add(new RiskImportError(record.Line, column, $"'{Cell(column)}' is not one of {string.Join(", ", Enum.GetNames<T>())}."));
                return default;
            }

            int ParseInt(string column)
            {
                if (int.TryParse(Cell(column), NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
                rowErrors.Add(new RiskImportError(record.Line, column, $"'{Cell(column)}' is not a whole number."));
                return 0;
            }

            DateOnly? review = null;
            if (Cell("next_review_date") is { Length: > 0 } date)
            {
                if (DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) review = d;
                else rowErrors.Add(new RiskImportError(record.Line, "next_review_date", $"'{date}' is not a date (yyyy-MM-dd)."));
            }

            var risk = new Risk
            {
                Id = "import", AiSystemId = Cell("ai_system_id"), Title = Cell("title"), Description = Cell("description"),
                Category = ParseEnum<RiskCategory>("category"), Source = ParseEnum<RiskSource>("source"),
                Likelihood = ParseInt("likelihood"), Impact = ParseInt("impact"), Treatment = ParseEnum<TreatmentOption>("treatment"),
                TreatmentPlan = Cell("treatment_plan"), ResidualLikelihood = ParseInt("residual_likelihood"), ResidualImpact = ParseInt("residual_impact"),
                OwnerObjectId = Cell("owner_object_id"), NextReviewDate = review,
                Controls = Cell("controls").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            };
            if (rowErrors.Count == 0)
            {
                rowErrors.AddRange(RiskValidator.Validate(risk).Select(e => new RiskImportError(record.Line, e.Key, e.Value)));
                if (!knownSystems.TryGetValue(risk.AiSystemId, out var exists) && risk.AiSystemId.Length > 0)
                {
                    exists = knownSystems[risk.AiSystemId] = await systems.GetAsync(risk.AiSystemId, ct) is not null;
                }

                if (risk.AiSystemId.Length > 0 && !exists)
                {
                    rowErrors.Add(new RiskImportError(record.Line, "ai_system_id", $"There is no AI system '{risk.AiSystemId}' in the register."));
                }

                if (risk.Controls.Count > 0)
                {
                    // One error naming every offending id, unknown and excluded alike (it replaces the validator's unknown-only one).
                    soaEntries ??= [.. (await soa.ListAsync(ct)).Select(e => e.Entry)];
                    if (RiskControls.WhyNot(risk.Controls, soaEntries) is { } why)
                    {
                        rowErrors.RemoveAll(e => e.Field == "controls");
                        rowErrors.Add(new RiskImportError(record.Line, "controls", why));
                    }
                }
            }

            errors.AddRange(rowErrors);
            if (rowErrors.Count == 0)
            {
                valid.Add((record.Line, risk));
            }
        }

        var rows = records.Count - 1;
        if (!apply || (errors.Count > 0 && !partial) || valid.Count == 0)
        {
            return new RiskImportReport(rows, valid.Count, errors, [], false);
        }

        // All or nothing while writing too: a failure on any row leaves the register as it was.
        var created = await service.ImportAsync([.. valid.Select(v => v.Risk)], actor, ct);
        return new RiskImportReport(rows, valid.Count, errors, [.. created.Select(c => c.Risk.Id)], true);
    }
}

/// <summary><c>POST /api/risks/import?mode=dry-run|apply&amp;partial=false</c> (text/csv).</summary>
public sealed class ImportRisksHandler(RiskImport import) : IEndpointHandler
{
    public const int MaxBytes = 5 * 1024 * 1024;

    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mode = request.Query["mode"].ToString() is { Length: > 0 } m ? m.ToLowerInvariant() : "dry-run";
        var partial = string.Equals(request.Query["partial"], "true", StringComparison.OrdinalIgnoreCase);
        if (mode is not ("dry-run" or "apply")) return ApiProblems.Validation("mode", "dry-run or apply.");
        var csv = await EndpointPipeline.ReadTextAsync(request, MaxBytes);
        if (csv is null) return ApiProblems.TooLarge($"The file is larger than {MaxBytes} bytes.");
        var report = await import.ImportAsync(csv, mode == "apply", partial, request.Caller, request.Aborted);
        return ApiResults.Json(report, mode == "apply" && !report.Applied ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }
}
