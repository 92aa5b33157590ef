// Which pages a person sees. This only hides what the API would refuse anyway: every request is checked by the API itself.
import type { AimsRole } from './auth';

export interface PageDef {
  route: string;
  title: string;
  roles: AimsRole[] | 'all';
}

export const Pages: PageDef[] = [
  { route: '/', title: 'Home', roles: 'all' },
  { route: '/systems', title: 'AI systems', roles: ['AimsManager'] },
  { route: '/risks', title: 'Risks', roles: ['AimsManager', 'RiskOwner'] },
  { route: '/soa', title: 'Statement of Applicability', roles: ['AimsManager', 'TopManagement'] },
  { route: '/assessments', title: 'Impact assessments', roles: ['AimsManager', 'RiskOwner'] },
  { route: '/context', title: 'Context', roles: ['AimsManager', 'Auditor', 'TopManagement', 'RiskOwner'] },
  { route: '/objectives', title: 'Objectives', roles: ['AimsManager', 'Auditor', 'TopManagement', 'RiskOwner'] },
  { route: '/documents', title: 'Documents', roles: ['AimsManager', 'Auditor', 'TopManagement', 'RiskOwner'] },
  { route: '/audits', title: 'Audits', roles: ['AimsManager', 'Auditor', 'TopManagement'] },
  { route: '/reports', title: 'Reports', roles: ['AimsManager', 'Auditor', 'TopManagement'] },
  { route: '/review', title: 'Management review', roles: ['AimsManager', 'Auditor', 'TopManagement'] },
  { route: '/evidence', title: 'Evidence', roles: ['AimsManager', 'Auditor', 'TopManagement'] },
];

export function allowed(page: PageDef, roles: AimsRole[]): boolean {
  return page.roles === 'all' || page.roles.some((r) => roles.includes(r));
}

export const has = (roles: AimsRole[], ...any: AimsRole[]) => any.some((r) => roles.includes(r));
