using System.Net;
using System.Text;
using Aims.Application.Register;
using Aims.Testing;

namespace Aims.Application.Tests.Register;

public sealed class CsvTests
{
    [Fact]
    public void Parses_rfc_4180_quoting_line_breaks_and_reports_line_numbers()
    {
        var text = "\uFEFFa,b,c\r\n1,\"x, \"\"quoted\"\"\",3\r\n2,\"two\nlines\",4\n\n5,\"open\n";

        var records = Csv.Parse(text).ToList();

        Assert.Equal([1, 2, 3, 6], records.Select(r => r.Line));
        Assert.Equal(["a", "b", "c"], records[0].Fields);
        Assert.Equal(["1", "x, \"quoted\"", "3"], records[1].Fields);
        Assert.Equal(["2", "two\nlines", "4"], records[2].Fields);
        Assert.NotNull(records[3].Error);
        Assert.Null(records[1].Error);
    }

    [Fact]
    public void Text_after_a_closing_quote_and_stray_quotes_are_errors()
    {
        var records = Csv.Parse("\"a\"b,c\nx\"y,z\n").ToList();

        Assert.All(records, r => Assert.NotNull(r.Error));
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("plain", "plain")]
    [InlineData("a=b", "a=b")]
    public void Formula_cells_are_neutralised_and_restored(string value, string written)
    {
        Assert.Equal(written, Csv.Neutralise(value));
        Assert.Equal(value, Csv.Restore(Csv.Neutralise(value)));
    }

    [Fact]
    public void Written_records_quote_what_needs_quoting()
    {
        var sb = new StringBuilder();
        Csv.AppendRecord(sb, ["a,b", "say \"hi\"", "x\ny", null, "=HYPERLINK(\"http://evil\")"]);

        Assert.Equal("\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",,\"'=HYPERLINK(\"\"http://evil\"\")\"\r\n", sb.ToString());
        var back = Csv.Parse(sb.ToString()).Single();
        Assert.Equal(["a,b", "say \"hi\"", "x\ny", "", "'=HYPERLINK(\"http://evil\")"], back.Fields);
    }
}

public sealed class CsvImportExportTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Header = "name,purpose,ownerObjectId,businessUnit,stage,ourRole,modelType,dataSources,impactedParties,autonomyLevel,riskClass,impactAssessmentStatus,linkedRiskIds";

    private static string Row(string name, string unit, string stage = "Design", string risk = "Minimal") =>
        $"{name},\"Purpose, in short\",{RegisterHost.Patti},{unit},{stage},Developer,Classifier,Sales history|Internal; Web|Public,Planners; Customers,DecisionSupport,{risk},InProgress,R-1; R-2";

    private static string UniqueUnit() => "CSV " + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Dry_run_reports_every_bad_row_by_line_and_writes_nothing()
    {
        using var host = new RegisterHost(azurite.ConnectionString);
        var unit = UniqueUnit();
        var csv = string.Join("\n",
            Header,
            Row("Good one", unit),
            Row("Bad stage", unit, stage: "Production"),
            $"\"Multi\nline\",\"p\",{RegisterHost.Patti},{unit},Design,Developer,M,,,DecisionSupport,Minimal,InProgress,",
            Row("Good two", unit),
            $",no name,{RegisterHost.Patti},{unit},Design,Developer,M,Data|Secret,,DecisionSupport,Minimal,InProgress,",
            "too,few,fields") + "\n";

        using var response = await host.SendAsync(HttpMethod.Post, "/api/systems/import?mode=dry-run", RegisterHost.Manager, csv: csv);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await RegisterHost.JsonAsync(response);
        Assert.False(report.GetProperty("applied").GetBoolean());
        Assert.Equal(6, report.GetProperty("rows").GetInt32());
        Assert.Equal(2, report.GetProperty("validRows").GetInt32());
        Assert.Equal(4, report.GetProperty("invalidRows").GetInt32());
        Assert.Equal(2, report.GetProperty("created").GetInt32());
        var errors = report.GetProperty("errors").EnumerateArray().Select(e => (Line: e.GetProperty("line").GetInt32(), Field: e.GetProperty("field").GetString())).ToList();
        Assert.Contains((3, "stage"), errors);
        Assert.Contains((4, "name"), errors);             // a quoted line break: the record starts on line 4
        Assert.Contains((7, "name"), errors);             // line 6 + the line break inside row 4
        Assert.Contains((7, "dataSources[0].classification"), errors);
        Assert.Contains(errors, e => e.Line == 8 && e.Field is null);
        Assert.Empty(await ListUnitAsync(host, unit));
    }

    [Fact]
    public async Task Apply_is_all_or_nothing_and_bad_rows_never_lose_stored_data()
    {
        using var host = new RegisterHost(azurite.ConnectionString);
        var unit = UniqueUnit();
        var (existingId, existingETag) = await host.CreateAsync(RegisterHost.System("Existing", unit));
        var csv = $"id,{Header}\n" +
                  $"{existingId},{Row("Existing renamed", unit, stage: "Development")}\n" +
                  $",{Row("New good", unit)}\n" +
                  $",{Row("New bad", unit, risk: "Scary")}\n";

        using var rejected = await host.SendAsync(HttpMethod.Post, "/api/systems/import?mode=apply", RegisterHost.Manager, csv: csv);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        var report = await RegisterHost.JsonAsync(rejected);
        Assert.False(report.GetProperty("applied").GetBoolean());
        Assert.Equal(4, Assert.Single(report.GetProperty("errors").EnumerateArray()).GetProperty("line").GetInt32());
        using var existing = await host.SendAsync(HttpMethod.Get, $"/api/systems/{existingId}", RegisterHost.Manager);
        Assert.Equal(existingETag, RegisterHost.ETagOf(existing));
        Assert.Equal("Existing", (await RegisterHost.JsonAsync(existing)).GetProperty("name").GetString());
        Assert.Equal(["Existing"], await ListUnitAsync(host, unit));

        using var partial = await host.SendAsync(HttpMethod.Post, "/api/systems/import?mode=apply&partial=true", RegisterHost.Manager, csv: csv);

        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        var partialReport = await RegisterHost.JsonAsync(partial);
        Assert.True(partialReport.GetProperty("applied").GetBoolean());
        Assert.Equal(1, partialReport.GetProperty("created").GetInt32());
        Assert.Equal(1, partialReport.GetProperty("updated").GetInt32());
        Assert.Equal(["Existing renamed", "New good"], await ListUnitAsync(host, unit));
    }

    [Fact]
    public async Task A_clean_file_applies_and_an_export_imports_back_unchanged()
    {
        using var host = new RegisterHost(azurite.ConnectionString);
        var unit = UniqueUnit();
        var csv = $"{Header}\r\n{Row("\"=HYPERLINK(\"\"http://evil\"\")\"", unit)}\r\n{Row("@Plain", unit)}\r\n{Row("-Minus", unit)}\r\n";

        using var applied = await host.SendAsync(HttpMethod.Post, "/api/systems/import?mode=apply", RegisterHost.Manager, csv: csv);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal(3, (await RegisterHost.JsonAsync(applied)).GetProperty("created").GetInt32());

        using var export = await host.SendAsync(HttpMethod.Get, "/api/systems/export", RegisterHost.Auditor);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.StartsWith("text/csv", export.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var exported = await export.Content.ReadAsStringAsync();
        var records = Csv.Parse(exported).ToList();
        var ours = records.Skip(1).Where(r => r.Fields[5] == unit).ToList();
        Assert.Equal(3, ours.Count);
        Assert.All(ours, r => Assert.Contains(r.Fields[1][0], "'"));   // every name starts with = @ -: neutralised
        Assert.Contains(ours, r => r.Fields[1] == "'=HYPERLINK(\"http://evil\")");
        Assert.All(records.Skip(1).SelectMany(r => r.Fields), f => Assert.False(f.Length > 0 && "=+-@".Contains(f[0], StringComparison.Ordinal)));

        // Importing the export changes nothing.
        var ourFile = string.Concat(exported.Split("\r\n")[0], "\r\n", string.Join("", ours.Select(r => ToCsv(r.Fields))));
        using var roundTrip = await host.SendAsync(HttpMethod.Post, "/api/systems/import?mode=apply", RegisterHost.Manager, csv: ourFile);
        var roundTripReport = await RegisterHost.JsonAsync(roundTrip);
        Assert.True(roundTrip.StatusCode == HttpStatusCode.OK, roundTripReport.ToString());
        Assert.Equal(0, roundTripReport.GetProperty("created").GetInt32());
        Assert.Equal(0, roundTripReport.GetProperty("updated").GetInt32());
        Assert.Equal(3, roundTripReport.GetProperty("unchanged").GetInt32());

        // A changed purpose in the export updates that system; a stale etag is refused.
        var changed = ours[0].Fields.ToArray();
        changed[2] = "A new purpose";
        using var update = await host.SendAsync(HttpMethod.Post, "/api/systems/import?mode=apply", RegisterHost.Manager,
            csv: exported.Split("\r\n")[0] + "\r\n" + ToCsv(changed));
        Assert.Equal(1, (await RegisterHost.JsonAsync(update)).GetProperty("updated").GetInt32());
        using var stale = await host.SendAsync(HttpMethod.Post, "/api/systems/import?mode=dry-run", RegisterHost.Manager,
            csv: exported.Split("\r\n")[0] + "\r\n" + ToCsv(changed));
        var staleError = Assert.Single((await RegisterHost.JsonAsync(stale)).GetProperty("errors").EnumerateArray());
        Assert.Equal("etag", staleError.GetProperty("field").GetString());
        Assert.Contains("A new purpose", (await ListUnitPurposesAsync(host, unit)));
    }

    [Fact]
    public async Task Import_needs_the_manager_role_a_csv_body_and_a_known_mode()
    {
        using var host = new RegisterHost(azurite.ConnectionString);

        using var staff = await host.SendAsync(HttpMethod.Post, "/api/systems/import", RegisterHost.Staff, csv: Header);
        using var mode = await host.SendAsync(HttpMethod.Post, "/api/systems/import?mode=maybe", RegisterHost.Manager, csv: Header);
        using var json = await host.SendAsync(HttpMethod.Post, "/api/systems/import", RegisterHost.Manager, json: new { name = "x" });
        using var unknownColumn = await host.SendAsync(HttpMethod.Post, "/api/systems/import?mode=apply", RegisterHost.Manager, csv: "name,colour\nx,red\n");

        Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, mode.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownColumn.StatusCode);
        var error = Assert.Single((await RegisterHost.JsonAsync(unknownColumn)).GetProperty("errors").EnumerateArray());
        Assert.Equal(1, error.GetProperty("line").GetInt32());
    }

    private static string ToCsv(IReadOnlyList<string> fields)
    {
        // Fields come from a parsed export: already neutralised, so write them back verbatim with RFC 4180 quoting.
        return string.Join(",", fields.Select(f => f.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f)) + "\r\n";
    }

    private static async Task<List<string>> ListUnitAsync(RegisterHost host, string unit)
    {
        using var response = await host.SendAsync(HttpMethod.Get, $"/api/systems?businessUnit={Uri.EscapeDataString(unit)}&pageSize=200", RegisterHost.Manager);
        var json = await RegisterHost.JsonAsync(response);
        return [.. json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).Order(StringComparer.Ordinal)];
    }

    private static async Task<List<string>> ListUnitPurposesAsync(RegisterHost host, string unit)
    {
        using var response = await host.SendAsync(HttpMethod.Get, $"/api/systems?businessUnit={Uri.EscapeDataString(unit)}&pageSize=200", RegisterHost.Manager);
        var json = await RegisterHost.JsonAsync(response);
        return [.. json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("purpose").GetString()!)];
    }
}
