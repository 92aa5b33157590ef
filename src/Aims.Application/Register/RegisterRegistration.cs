using Aims.Application.Demo;
using Aims.Application.Work;
using Aims.Core.Gaps;
using Aims.Teams.Conversations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Aims.Application.Register;

public static class RegisterRegistration
{
    /// <summary>The register capability: inventory, SoA and gap analysis services, bot commands and demo seed (handlers come from RegisterEndpoints.All).</summary>
    public static IServiceCollection AddRegisterCapability(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var gaps = new GapOptions();
        configuration.GetSection(GapOptions.SectionName).Bind(gaps);
        if (gaps.ReviewPeriodDays < 1)
        {
            throw new InvalidOperationException($"{GapOptions.SectionName}:ReviewPeriodDays must be at least 1 (got {gaps.ReviewPeriodDays}).");
        }

        services.AddSingleton(gaps);
        services.AddSingleton<GapAnalyzer>();
        services.AddSingleton<RegisterService>();
        services.AddSingleton<SoaService>();
        services.AddSingleton<Core.Reviews.ISoaChangesSource, SoaDigestChanges>();
        services.AddSingleton<ICardActionHandler, SoaCardActions>();
        services.AddDecisionAnnouncer<SoaAnnouncer>();
        services.AddSingleton<IBotCommand, SystemsCommand>();
        services.AddSingleton<IBotCommand, SystemCommand>();
        services.AddSingleton<IBotCommand, GapsCommand>();
        services.AddSingleton<IDemoSeed, RegisterDemoSeed>();
        services.AddSingleton<Evidence.IAuditPackSection, RegisterPackSection>();
        services.AddSingleton<Evidence.IAuditPackSection, AiSystemDossierSection>();
        return services;
    }
}
