// A small history router: paths are relative to where the page is mounted (its <base>), so deep links work in both hosts.
import { useEffect, useState } from 'react';

function basePath(): string {
  return new URL(document.baseURI).pathname;
}

export function currentRoute(): string {
  const path = window.location.pathname;
  const base = basePath();
  const rest = path.startsWith(base) ? path.slice(base.length) : path.replace(/^\//, '');
  return '/' + rest.replace(/\/$/, '');
}

export function href(route: string): string {
  return basePath() + route.replace(/^\//, '') + window.location.search;
}

export function navigate(route: string): void {
  window.history.pushState(null, '', href(route));
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): string {
  const [route, setRoute] = useState(currentRoute());
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return route;
}

/** A link's click handler that routes in the page instead of reloading it (the link keeps its href for new tabs). */
export function follow(route: string): (e: { preventDefault: () => void }) => void {
  return (e) => { e.preventDefault(); navigate(route); };
}
