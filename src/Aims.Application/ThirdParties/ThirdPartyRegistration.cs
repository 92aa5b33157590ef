using Aims.Application.Evidence;
using Aims.Core.ThirdParties;
using Aims.Infrastructure.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.ThirdParties;

public static class ThirdPartyRegistration
{
    public const string TableName = "thirdparties";

    /// <summary>Third-party relationships (A.10): suppliers and customers of AI systems, supplier assessments, audit pack section, demo records.</summary>
    public static IServiceCollection AddThirdPartyCapability(this IServiceCollection services)
    {
        services.AddRecordStore<ThirdParty>(TableName, "party");
        services.AddSingleton<ThirdPartyService>();
        services.AddSingleton<Core.Reviews.ISupplierReviewResultsSource, SupplierDigestResults>();
        services.AddSingleton<IOwedEvidenceSweep, RecordStoreSweep<ThirdParty>>();
        services.AddSingleton<IAuditPackSection, ThirdPartyPackSection>();
        services.AddSingleton<Demo.IDemoSeed, ThirdPartyDemoSeed>();
        return services;
    }
}
