using Aims.Application.Evidence;
using Aims.Core.Incidents;
using Aims.Infrastructure.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Incidents;

public static class IncidentCommunicationRegistration
{
    public const string TableName = "incidentcommunications";

    /// <summary>Incident communications (A.8.4): the records, their evidence sweep, audit pack register, demo record.</summary>
    public static IServiceCollection AddIncidentCommunicationCapability(this IServiceCollection services)
    {
        services.AddRecordStore<IncidentCommunication>(TableName, "communication");
        services.AddSingleton<IncidentCommunicationService>();
        services.AddSingleton<IOwedEvidenceSweep, RecordStoreSweep<IncidentCommunication>>();
        services.AddSingleton<IAuditPackSection, IncidentCommunicationPackSection>();
        services.AddSingleton<Demo.IDemoSeed, IncidentCommunicationDemoSeed>();
        return services;
    }
}
