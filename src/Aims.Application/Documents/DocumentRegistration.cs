using Aims.Application.Work;
using Aims.Core.Documents;
using Aims.Core.Reviews;
using Aims.Infrastructure.Records;
using Aims.Teams.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Documents;

public static class DocumentRegistration
{
    public const string TableName = "documents";

    /// <summary>Document control (5.2, 7.5; A.2.2-A.2.4): register, versions as evidence, approval in Teams, review dates.</summary>
    public static IServiceCollection AddDocumentCapability(this IServiceCollection services)
    {
        services.AddRecordStore<ControlledDocument>(TableName, "document");
        services.AddSingleton<DocumentService>();
        services.AddDecisionAnnouncer<DocumentAnnouncer>();
        services.AddSingleton<IDocumentsPastReviewSource>(sp => sp.GetRequiredService<DocumentService>());
        services.AddSingleton<ICardActionHandler, DocumentCardActions>();
        services.AddSingleton<IScheduledJob, DocumentReviewJob>();
        services.AddSingleton<Demo.IDemoSeed, DocumentDemoSeed>();
        services.AddSingleton<Evidence.IAuditPackSection, DocumentPackSection>();
        return services;
    }
}
