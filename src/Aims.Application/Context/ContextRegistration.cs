using Aims.Core.Context;
using Aims.Core.Reviews;
using Aims.Infrastructure.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Context;

public static class ContextRegistration
{
    public const string TableName = "context";

    /// <summary>Context of the organisation, interested parties and scope (4.1-4.4); feeds the management review digest.</summary>
    public static IServiceCollection AddContextCapability(this IServiceCollection services)
    {
        services.AddRecordStore<ContextIssue>(TableName, "issue");
        services.AddRecordStore<InterestedParty>(TableName, "party");
        services.AddRecordStore<AimsScope>(TableName, "scope");
        services.AddRecordStore<ContextChange>(TableName, "change");
        services.AddSingleton<ContextService>();
        services.AddSingleton<IInterestedPartyChangesSource>(sp => sp.GetRequiredService<ContextService>());
        services.AddSingleton<Demo.IDemoSeed, ContextDemoSeed>();
        services.AddSingleton<Evidence.IAuditPackSection, ContextPackSection>();
        return services;
    }
}
