// Where a Teams deep link may take the page. A card's "Open in workspace" opens the workspace tab with the item's route as its
// sub page (app.getContext() page.subPageId, the link's subEntityId). The sub page is anyone's input (a link can be written by
// hand), so only the routes of this router are followed: a page, or a page and one item id; anything else opens Home.
// The server writes the same routes (WorkspaceRoutes in Aims.Application); keep the two lists together.

/** Pages a deep link may open. */
export const DeepLinkPages = ['systems', 'risks', 'soa', 'assessments', 'context', 'objectives', 'documents', 'audits', 'reports', 'review', 'evidence'] as const;

/** Pages whose route may name one item (their page reads it as the second segment). */
export const DeepLinkItemPages = ['systems', 'risks', 'objectives', 'documents', 'audits', 'reports'] as const;

/** An item id as one path segment: percent-escaped, no slash, no query or fragment, at most 200 characters. */
const ItemSegment = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2}){1,200}$/;

/** The in-app route (e.g. "/risks/R-1") a sub page id names, or null when it is not one of this router's routes. */
export function routeFromSubPageId(subPageId: string | null | undefined): string | null {
  if (typeof subPageId !== 'string' || subPageId.length > 300) return null;
  const parts = subPageId.replace(/^\//, '').split('/');
  const [page, id] = parts;
  if (parts.length > 2 || !(DeepLinkPages as readonly string[]).includes(page)) return null;
  if (id === undefined) return '/' + page;
  if (!(DeepLinkItemPages as readonly string[]).includes(page) || !ItemSegment.test(id) || id === '.' || id === '..') return null;
  try {
    decodeURIComponent(id);
  } catch {
    return null; // a malformed escape the page could not read
  }
  return `/${page}/${id}`;
}
