using System.Globalization;
using System.Text.Json;
using Aims.Application.Http;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Objectives;
using Aims.Core.Records;
using Aims.Core.Register;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Objectives;

/// <summary>
/// One signal from a monitoring tool (docs/monitoring.md): the AI system (register id), the metric, its value and when it was
/// measured; optionally an alert flag (or resolved), an idempotency id, the sending tool and a message.
/// </summary>
public sealed record MonitoringSignal(string System, string Metric, double? Value, DateTimeOffset Timestamp, bool Alert, bool Resolved, string? Id, string? Source, string? Message);

/// <summary>What the endpoint did with a signal.</summary>
public sealed record SignalReceipt(string System, string Metric, IReadOnlyList<MeasurementOutcome> Objectives, string? AlertReportId, bool AlertOpened, bool Stored);

/// <summary>
/// Reads a signal body: the AIMS's own JSON shape, or Azure Monitor's common alert schema (with the AI system in the alert rule's
/// custom property <c>aimsSystem</c>). Every problem is reported field by field; nothing is stored for a refused body.
/// </summary>
public static class MonitoringSignalReader
{
    public const int MaxBodyBytes = 64 * 1024;

    public static (MonitoringSignal? Signal, Dictionary<string, string[]> Errors) Read(JsonElement body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["A JSON object is required."];
            return (null, errors);
        }

        return body.TryGetProperty("schemaId", out var schema) && schema.ValueKind == JsonValueKind.String && schema.GetString() == "azureMonitorCommonAlertSchema"
            ? ReadAzureMonitor(body, errors)
            : ReadPlain(body, errors);
    }

    private static (MonitoringSignal?, Dictionary<string, string[]>) ReadPlain(JsonElement body, Dictionary<string, string[]> errors)
    {
        var system = String(body, "system", errors, required: true);
        var metric = String(body, "metric", errors, required: true);
        var alert = Bool(body, "alert", errors);
        var resolved = Bool(body, "resolved", errors);
        double? value = null;
        if (body.TryGetProperty("value", out var v) && v.ValueKind != JsonValueKind.Null)
        {
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)) value = d;
            else errors["value"] = ["A finite number."];
        }
        else if (!alert && !resolved)
        {
            errors["value"] = ["A measured value is required (only an alert or a resolution may come without one)."];
        }

        var timestamp = Time(body, "timestamp", errors);
        var id = String(body, "id", errors, required: false);
        var source = String(body, "source", errors, required: false);
        var message = String(body, "message", errors, required: false);
        if (id is { Length: > 120 }) errors["id"] = ["At most 120 characters."];
        if (source is { Length: > 100 }) errors["source"] = ["At most 100 characters."];
        if (message is { Length: > 2000 }) errors["message"] = ["At most 2000 characters."];
        if (alert && resolved) errors["resolved"] = ["A signal either raises an alert or resolves it, not both."];
        CheckNames(system, metric, errors);
        return errors.Count > 0 ? (null, errors) : (new MonitoringSignal(system!.Trim(), metric!, value, timestamp!.Value, alert, resolved, id, source, message), errors);
    }

    private static (MonitoringSignal?, Dictionary<string, string[]>) ReadAzureMonitor(JsonElement body, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("essentials", out var essentials) || essentials.ValueKind != JsonValueKind.Object)
        {
            errors["data.essentials"] = ["The common alert schema's data.essentials object is required."];
            return (null, errors);
        }

        string? system = null;
        if (data.TryGetProperty("customProperties", out var custom) && custom.ValueKind == JsonValueKind.Object && custom.TryGetProperty("aimsSystem", out var s) && s.ValueKind == JsonValueKind.String)
        {
            system = s.GetString();
        }

        if (string.IsNullOrWhiteSpace(system)) errors["data.customProperties.aimsSystem"] = ["Name the AI system (register id) in the alert rule's custom property 'aimsSystem'."];
        var condition = essentials.TryGetProperty("monitorCondition", out var mc) && mc.ValueKind == JsonValueKind.String ? mc.GetString() : null;
        if (condition is not ("Fired" or "Resolved")) errors["data.essentials.monitorCondition"] = ["Fired or Resolved."];
        var resolved = condition == "Resolved";
        var timestamp = Time(essentials, resolved ? "resolvedDateTime" : "firedDateTime", errors, "data.essentials.");
        string? metric = null;
        double? value = null;
        if (data.TryGetProperty("alertContext", out var context) && context.ValueKind == JsonValueKind.Object
            && context.TryGetProperty("condition", out var cond) && cond.ValueKind == JsonValueKind.Object
            && cond.TryGetProperty("allOf", out var allOf) && allOf.ValueKind == JsonValueKind.Array && allOf.GetArrayLength() > 0)
        {
            var first = allOf[0];
            if (first.TryGetProperty("metricName", out var name) && name.ValueKind == JsonValueKind.String) metric = name.GetString();
            if (first.TryGetProperty("metricValue", out var mv) && mv.ValueKind == JsonValueKind.Number && mv.TryGetDouble(out var d) && double.IsFinite(d)) value = d;
        }

        metric ??= essentials.TryGetProperty("alertRule", out var rule) && rule.ValueKind == JsonValueKind.String ? rule.GetString() : null;
        var normalised = metric is null ? null : new string([.. metric.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-')]).Trim('-');
        if (normalised is { Length: > 64 }) normalised = normalised[..64];
        var alertId = essentials.TryGetProperty("alertId", out var aid) && aid.ValueKind == JsonValueKind.String ? aid.GetString() : null;
        var description = essentials.TryGetProperty("description", out var desc) && desc.ValueKind == JsonValueKind.String ? desc.GetString() : null;
        CheckNames(system, normalised, errors);
        if (errors.Count > 0) return (null, errors);
        string? id = null;
        if (alertId is not null)
        {
            var key = alertId + ":" + condition;
            id = key.Length > 120 ? key[^120..] : key;
        }

        return (new MonitoringSignal(system!.Trim(), normalised!, value, timestamp!.Value, !resolved, resolved, id, "azure-monitor", description is { Length: > 2000 } ? description[..2000] : description), errors);
    }

    private static void CheckNames(string? system, string? metric, Dictionary<string, string[]> errors)
    {
        if (system is not null && (system.Length > 64 || system.Any(char.IsControl))) errors["system"] = ["An AI system id from the register (at most 64 characters)."];
        if (metric is not null && !ObjectiveValidator.IsMetricName(metric)) errors["metric"] = ["A metric name: 1-64 lowercase letters, digits, dots, dashes or underscores."];
    }

    private static string? String(JsonElement body, string name, Dictionary<string, string[]> errors, bool required)
    {
        if (!body.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null)
        {
            if (required) errors[name] = ["Required."];
            return null;
        }

        if (p.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(p.GetString()))
        {
            errors[name] = ["A non-empty string."];
            return null;
        }

        return p.GetString();
    }

    private static bool Bool(JsonElement body, string name, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null) return false;
        if (p.ValueKind is JsonValueKind.True or JsonValueKind.False) return p.GetBoolean();
        errors[name] = ["true or false."];
        return false;
    }

    private static DateTimeOffset? Time(JsonElement body, string name, Dictionary<string, string[]> errors, string prefix = "")
    {
        if (body.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(p.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        errors[prefix + name] = ["An ISO 8601 time (like 2026-11-28T10:00:00Z)."];
        return null;
    }
}

/// <summary>
/// <c>POST /api/monitoring/signals</c>: monitoring tools post measurements and alerts for AI systems (9.1, A.6.2.6). Callers are
/// apps holding the <c>Monitoring.Write</c> app role (client credentials, or an Azure Monitor secure webhook) or AIMS managers.
/// The whole signal is checked before anything is stored: an unknown system, a malformed body or a value outside an objective's
/// valid range is refused with 400 and leaves no trace. Accepted signals are stored, evaluated against every objective watching
/// that system and metric, and alerts open one incident per episode.
/// </summary>
public sealed class PostMonitoringSignalHandler(
    IAiSystemRegistry systems,
    ObjectiveService objectives,
    IMeasurementLog log,
    TimeProvider time,
    ILogger<PostMonitoringSignalHandler> logger) : IEndpointHandler<JsonElement>
{
    public const string AppRole = "Monitoring.Write";

    public async Task<IResult> HandleAsync(ApiRequest<JsonElement> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Body;
        var caller = request.Caller;
        var (signal, errors) = MonitoringSignalReader.Read(body);
        if (signal is null) return ApiProblems.Validation(errors);
        var system = await systems.GetAsync(signal.System, request.Aborted);
        if (system is null)
        {
            return ApiProblems.Validation("system", $"No AI system '{signal.System}' in the register.");
        }

        signal = signal with { System = system.System.Id };

        var now = time.GetUtcNow();
        if (signal.Timestamp > now + ObjectiveService.FutureTolerance) return ApiProblems.Validation("timestamp", "The time lies in the future.");
        if (signal.Timestamp < now - ObjectiveService.MaxAge) return ApiProblems.Validation("timestamp", $"Older than {ObjectiveService.MaxAge.TotalDays:0} days.");

        // Every objective watching this system and metric must accept the value before anything is stored.
        var watching = new List<AiObjective>();
        await foreach (var o in objectives.Store.ListAsync(request.Aborted))
        {
            if (!o.Value.Retired && o.Value.Source == MeasurementSource.Monitoring && string.Equals(o.Value.AiSystemId, signal.System, StringComparison.OrdinalIgnoreCase)
                && string.Equals(o.Value.Metric, signal.Metric, StringComparison.Ordinal))
            {
                watching.Add(o.Value);
            }
        }

        if (signal.Value is { } value)
        {
            var problems = watching.Select(o => ObjectiveValidator.WhyNotValue(o, value)).OfType<string>().ToList();
            if (problems.Count > 0) return ApiProblems.Validation(new Dictionary<string, string[]> { ["value"] = [.. problems] });
        }

        var by = new Actor(caller.ObjectId, signal.Source is { Length: > 0 } s ? $"{caller.DisplayName} ({s})" : caller.DisplayName);
        var outcomes = new List<MeasurementOutcome>();
        var stored = false;
        if (signal.Value is { } v)
        {
            // The raw series keeps every signal, watched or not, so an objective set up later has history to start from.
            var rawId = signal.Id ?? ObjectiveService.DerivedId(signal.System + "|" + signal.Metric, v, signal.Timestamp, MeasurementSource.Monitoring);
            stored = await log.AppendAsync($"signal:{signal.System}:{signal.Metric}", new Measurement(rawId, string.Empty, v, signal.Timestamp, MeasurementSource.Monitoring, by.ObjectId, by.DisplayName, signal.Message, true), request.Aborted);
            foreach (var objective in watching)
            {
                outcomes.Add(await objectives.RecordAsync(objective.Id, v, signal.Timestamp, MeasurementSource.Monitoring, by, signal.Message, signal.Id is null ? null : $"{signal.Id}:{objective.Id}", request.Aborted));
            }
        }

        string? reportId = null;
        var opened = false;
        if (signal.Alert || signal.Resolved)
        {
            var (alert, isNew) = await objectives.RaiseAlertAsync(system.System, signal.Metric, signal.Value, signal.Timestamp, signal.Resolved, signal.Message, request.Aborted);
            reportId = alert.ReportId;
            opened = isNew;
        }

        logger.LogInformation("Monitoring signal {System} {Metric} from {Caller}: {Objectives} objectives, alert {Alert}, incident opened {Opened}",
            signal.System, signal.Metric, caller.ObjectId, outcomes.Count, signal.Alert, opened);
        return ApiResults.Json(new SignalReceipt(signal.System, signal.Metric, outcomes, reportId, opened, stored || outcomes.Any(o => o.Recorded)), StatusCodes.Status202Accepted);
    }
}
