using Aims.Application.Demo;
using Aims.Core.Identity;
using Aims.Core.ThirdParties;

namespace Aims.Application.ThirdParties;

/// <summary>The demo organisation's suppliers of AI systems, registered and assessed by Alex through the service. Seeds an empty register only.</summary>
public sealed class ThirdPartyDemoSeed(ThirdPartyService parties) : IDemoSeed
{
    private static readonly Actor Alex = new("00000000-0000-0000-0000-0000000000020", "Alex Wilber");

    public string Name => "third-parties";

    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in parties.Store.ListAsync(cancellationToken))
        {
            return 0;
        }

        var openAi = await parties.SaveAsync(null, new ThirdPartyInput("Azure OpenAI Service (Microsoft)", ThirdPartyRelationship.Supplier, ["demo-support-chatbot", "demo-document-summariser"],
            "Hosted large language models and content filtering",
            [new Responsibility("Microsoft", "Model hosting, availability, content filters, abuse monitoring"), new Responsibility("Contoso", "Prompts, grounding data, human oversight, use within the service terms")], null), null, Alex, cancellationToken);
        await parties.AssessAsync(openAi.Value.Id, new SupplierAssessmentInput(AssessmentOutcome.Satisfactory, "Service terms, data processing addendum and responsible AI documentation reviewed; data stays in the EU region."), Alex, cancellationToken);
        var bureau = await parties.SaveAsync(null, new ThirdPartyInput("Northwind Credit Bureau", ThirdPartyRelationship.Supplier, ["demo-credit-scoring"],
            "Monthly credit bureau extracts",
            [new Responsibility("Northwind", "Accuracy of bureau records, lawful collection"), new Responsibility("Contoso", "Retention of extracts (12 months), use for credit scoring only")], null), null, Alex, cancellationToken);
        await parties.AssessAsync(bureau.Value.Id, new SupplierAssessmentInput(AssessmentOutcome.ConditionsApply, "Accuracy audit passed; the contract lacks a deletion confirmation clause, requested for renewal."), Alex, cancellationToken);
        return 4;
    }
}
