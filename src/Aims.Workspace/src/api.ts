// The one way the workspace talks to the management API: same origin, the caller's credentials on every request, and every
// refusal turned into an ApiError that keeps the ProblemDetails (title, detail, errors by field) for the form that sent it.

export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  errors?: Record<string, string[]>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title || `The API answered ${problem.status}.`);
    this.status = problem.status;
    this.problem = problem;
  }
  /** 409 (changed since you read it) or 412 (your copy is stale): the form offers to reload. */
  get isConflict(): boolean {
    return this.status === 409 || this.status === 412;
  }
}

export interface ApiAnswer<T> {
  data: T;
  etag: string | null;
  status: number;
}

/** Puts the caller's credentials on a request: a bearer token in Teams, X-Aims-User with the development sign-in. */
export type Credentials = (headers: Headers, retry: boolean) => Promise<void>;

let credentials: Credentials = async () => {};

export function useCredentials(c: Credentials): void {
  credentials = c;
}

/** The API's root: a sibling of where the page is mounted, so both hosts and both mount points reach the same API. */
export function apiUrl(path: string): string {
  return new URL(`/api/${path.replace(/^\//, '')}`, document.baseURI).toString();
}

export interface RequestOptions {
  body?: unknown;
  text?: string;
  /** A multipart body (a file upload); the browser sets its Content-Type with the boundary. */
  form?: FormData;
  contentType?: string;
  ifMatch?: string | null;
  headers?: Record<string, string>;
  query?: Record<string, string | number | undefined | null>;
  accept?: string;
}

async function send(method: string, path: string, options: RequestOptions, retry: boolean): Promise<Response> {
  const url = new URL(apiUrl(path));
  for (const [k, v] of Object.entries(options.query ?? {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  }
  const headers = new Headers({ Accept: options.accept ?? 'application/json' });
  await credentials(headers, retry);
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(options.body);
  } else if (options.form !== undefined) {
    body = options.form;
  } else if (options.text !== undefined) {
    headers.set('Content-Type', options.contentType ?? 'text/plain');
    body = options.text;
  }
  if (options.ifMatch) headers.set('If-Match', options.ifMatch);
  for (const [k, v] of Object.entries(options.headers ?? {})) headers.set(k, v);
  return fetch(url, { method, headers, body, credentials: 'same-origin' });
}

async function problemOf(response: Response): Promise<Problem> {
  const fallback: Problem = { status: response.status, title: response.statusText || `HTTP ${response.status}` };
  try {
    const json = (await response.json()) as Problem;
    return { ...fallback, ...json, status: response.status };
  } catch {
    return fallback;
  }
}

export async function raw(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  let response = await send(method, path, options, false);
  // A token can expire between requests: one fresh token, then the refusal stands.
  if (response.status === 401) response = await send(method, path, options, true);
  if (!response.ok) throw new ApiError(await problemOf(response));
  return response;
}

export async function call<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiAnswer<T>> {
  const response = await raw(method, path, options);
  const text = await response.text();
  return { data: (text ? JSON.parse(text) : null) as T, etag: response.headers.get('ETag'), status: response.status };
}

export const get = <T,>(path: string, query?: RequestOptions['query']) => call<T>('GET', path, { query });

/** Turns a form's text fields into a request body: blank fields are sent as null, so the API names the missing ones. */
export function nullIfBlank(form: Record<string, string>): Record<string, string | null> {
  return Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v.trim() === '' ? null : v.trim()]));
}

/** A fresh id for a request the API deduplicates (X-Request-Id, Idempotency-Key): a retried save is recorded once. */
export function requestId(): string {
  return crypto.randomUUID();
}

export interface Page<T> {
  items: T[];
  continuationToken?: string | null;
}

/** Reads every page of a list (for aggregates the API does not compute itself); stops at `limit` items. */
export async function getAll<T>(path: string, query: RequestOptions['query'] = {}, limit = 20000): Promise<T[]> {
  const items: T[] = [];
  let token: string | null | undefined;
  do {
    const page = await get<Page<T>>(path, { ...query, continuationToken: token ?? undefined });
    items.push(...page.data.items);
    token = page.data.continuationToken;
  } while (token && items.length < limit);
  return items;
}

/** The message of a refusal for one field (ProblemDetails keys are matched case-insensitively, `field` or `field.sub`). */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError) || !error.problem.errors) return undefined;
  const want = field.toLowerCase();
  const messages = Object.entries(error.problem.errors)
    .filter(([k]) => k.toLowerCase() === want || k.toLowerCase().startsWith(want + '.') || k.toLowerCase().startsWith(want + '['))
    .flatMap(([, v]) => v);
  return messages.length ? messages.join(' ') : undefined;
}

/** Refusals whose field no input on the form shows, so none is lost. */
export function otherErrors(error: unknown, shown: string[]): string[] {
  if (!(error instanceof ApiError) || !error.problem.errors) return [];
  const known = shown.map((s) => s.toLowerCase());
  return Object.entries(error.problem.errors)
    .filter(([k]) => !known.some((f) => k.toLowerCase() === f || k.toLowerCase().startsWith(f + '.') || k.toLowerCase().startsWith(f + '[')))
    .map(([k, v]) => `${k}: ${v.join(' ')}`);
}
