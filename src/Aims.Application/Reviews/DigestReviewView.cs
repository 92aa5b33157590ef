using Aims.Core.Reviews;
using Aims.Teams.Cards;

namespace Aims.Application.Reviews;

/// <summary>What the digest card shows of the review held on it: its record once made, else the open opportunities the form offers.</summary>
public sealed record DigestReviewView(ManagementReviewRecord? Record, IReadOnlyList<Choice> OpenOpportunities);
