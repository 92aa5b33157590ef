using Aims.Application.Demo;
using Aims.Core.Data;
using Aims.Core.Identity;

namespace Aims.Application.Data;

/// <summary>The demo organisation's datasets, registered and checked by Megan (data science) through the service. Seeds an empty register only.</summary>
public sealed class DatasetDemoSeed(DatasetService datasets, TimeProvider time) : IDemoSeed
{
    private static readonly Actor Megan = new("00000000-0000-0000-0000-0000000000021", "Megan Bowen");

    public string Name => "datasets";

    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in datasets.Store.ListAsync(cancellationToken))
        {
            return 0;
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var loans = await datasets.SaveAsync(null, new DatasetInput("Loan applications 2019-2025", ["demo-credit-scoring"], "Contoso loan origination system", "Internal data",
            today.AddDays(-400), true, "Contract (GDPR Art. 6(1)(b)) and legitimate interest for model development", "Exported monthly from the origination system; applicant names and ids pseudonymised at export.",
            ["Pseudonymise applicant identifiers", "Drop applications withdrawn before a decision", "Reweigh by age band (fairness treatment of R-1)"], "2025.10"), null, Megan, cancellationToken);
        await datasets.AddQualityCheckAsync(loans.Value.Id, new QualityCheckInput("Completeness", QualityResult.Passed, "99.2 % of required fields present; missing income imputed for 0.8 %, flagged."), Megan, cancellationToken);
        await datasets.AddQualityCheckAsync(loans.Value.Id, new QualityCheckInput("Representativeness by age band", QualityResult.PassedWithIssues, "Applicants under 25 are 6 % of the data and 9 % of applications; reweighing applied."), Megan, cancellationToken);
        var bureau = await datasets.SaveAsync(null, new DatasetInput("Credit bureau extracts", ["demo-credit-scoring"], "Northwind Credit Bureau", "Data licence agreement NCB-2024-17",
            today.AddDays(-200), true, "Legitimate interest (credit risk assessment)", "Delivered monthly over SFTP; checked against the delivery manifest.", [], "2025-11"), null, Megan, cancellationToken);
        await datasets.AddQualityCheckAsync(bureau.Value.Id, new QualityCheckInput("Retention", QualityResult.Failed, "Extracts older than 12 months found in the feature store (risk R-5)."), Megan, cancellationToken);
        await datasets.SaveAsync(null, new DatasetInput("Applications and CVs (historic)", ["demo-cv-screening"], "Contoso applicant tracking system", "Internal data",
            today.AddDays(-60), true, "Legitimate interest, with a data protection impact assessment", "Exported once for development; school names removed (treatment of R-9).",
            ["Remove school names", "Remove photos and dates of birth"], "1.0"), null, Megan, cancellationToken);
        return 6;
    }
}
