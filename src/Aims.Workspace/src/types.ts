// Shapes of the management API's answers, as far as the pages read them (the API's OpenAPI document is the reference).

export interface Rating { likelihood: number; impact: number; score: number; level: string }

export interface Decision {
  stage: string; outcome: string; actorName: string; comment?: string | null; at: string; fromState: string; toState: string;
}

export interface Risk {
  id: string; aiSystemId: string; title: string; description: string; category: string; source: string;
  likelihood: number; impact: number; treatment: string; treatmentPlan: string; controls: string[];
  residualLikelihood: number; residualImpact: number; ownerObjectId: string; nextReviewDate?: string | null;
  state: string; decisions: Decision[]; revision: number; actions?: unknown[];
}

export interface RiskView { risk: Risk; inherent: Rating; residual: Rating; notice?: string | null }

export interface AiSystem {
  id: string; eTag?: string; name: string; purpose: string; intendedUse?: string | null; ownerObjectId: string; businessUnit: string;
  stage: string; ourRole: string; modelType: string; thirdPartyProvider?: string | null; humanOversight?: string | null;
  autonomyLevel: string; riskClass: string; impactAssessmentStatus?: string | null; retired?: boolean;
  [key: string]: unknown;
}

export interface SoaEntry {
  controlId: string; title: string; objective: string; applicable: boolean; justification?: string | null; status?: string | null;
  ownerObjectId?: string | null; evidenceIds: string[]; lastReviewed?: string | null; eTag?: string | null;
}

export interface SoaVersion { version: number; approvedAt: string; approvedByName: string; evidenceId: string; applicable: number; implemented: number }

export interface Coverage { group: string; title: string; covered: number; total: number; percent: number }

export interface Gap {
  id: string; title: string; kind: string; group: string; covered: boolean; reason?: string | null; wouldSatisfy?: string | null; isGap: boolean;
}

export interface Gaps { overall: Coverage; clauses: Coverage; controls: Coverage; groups: Coverage[]; gaps: Gap[] }

export interface Campaign { id: string; title: string; dueDate?: string | null }

export interface CampaignStatus { campaignId: string; title: string; state: string; completion: { total: number; attested: number; percent: number } }

export interface Objective {
  id: string; title: string; targetText: string; unit: string; retired: boolean;
  latest?: { value: number; onTarget: boolean; at?: string; measuredAt?: string } | null; openBreach?: unknown | null;
}

export interface EvidenceItem {
  id: string; kind: { value: string }; subject: string; actor: { displayName: string }; recordedAt: string;
  clauses: string[]; controls: string[]; summary?: string | null;
}

export interface Verification { isIntact: boolean; entryCount: number; rootHash: string; firstBrokenSequence?: number | null; problems: string[] }

export interface RiskHeatmap { total: number; inherent: number[][]; residual: number[][]; levels: string[][] }
