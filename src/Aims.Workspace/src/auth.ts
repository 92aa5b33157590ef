// How the workspace signs in. In Teams: TeamsJS first, then nested app authentication where the host recommends it, else
// Teams' classic SSO token. Outside Teams: the development sign-in when the host offers it (the DevHost without Api:Audience,
// answering loopback callers only), else a message saying the workspace opens in Teams.
import { app, authentication, nestedAppAuth } from '@microsoft/teams-js';
import type { IPublicClientApplication } from '@azure/msal-browser';
import { get, useCredentials } from './api';

export type AimsRole = 'AimsManager' | 'RiskOwner' | 'TopManagement' | 'Auditor' | 'Staff';

export interface DemoPerson {
  objectId: string;
  displayName: string;
  jobTitle?: string | null;
  roles: AimsRole[];
}

export interface WorkspaceConfig {
  tenantId?: string | null;
  clientId?: string | null;
  apiScope?: string | null;
  developmentSignIn: boolean;
  demoPeople: DemoPerson[];
  /** Where "Discuss" opens the chat with the bot: Teams' chat deep link, or the Agents Playground locally. */
  chatUrl?: string | null;
}

export interface Me {
  objectId: string;
  displayName: string;
  roles: AimsRole[];
}

export type TeamsTheme = 'default' | 'dark' | 'contrast';

export type SignIn =
  | { kind: 'teams'; me: Me; theme: TeamsTheme; subPageId?: string; chatUrl?: string | null }
  | { kind: 'development'; me: Me; people: DemoPerson[]; chatUrl?: string | null }
  | { kind: 'choose'; people: DemoPerson[] }
  | { kind: 'outside-teams' }
  | { kind: 'failed'; message: string };

const DevUserKey = 'aims.workspace.devUser';
const TeamsInitTimeoutMs = 8000;

function inFrameOrPopup(): boolean {
  try {
    return window.self !== window.top || window.opener != null;
  } catch {
    return true; // a cross-origin parent: framed by a host
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = window.setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s.`)), ms);
    promise.then((v) => { window.clearTimeout(timer); resolve(v); }, (e) => { window.clearTimeout(timer); reject(e); });
  });
}

async function loadConfig(): Promise<WorkspaceConfig> {
  return (await get<WorkspaceConfig>('workspace-config')).data;
}

/** Teams' token for the API, by nested app authentication when recommended, else by classic SSO. */
async function teamsTokenSource(config: WorkspaceConfig, loginHint?: string): Promise<(fresh: boolean) => Promise<string>> {
  if (!config.clientId || !config.apiScope || !config.tenantId) {
    throw new Error('This deployment has no tab sign-in settings (Bot:AppId, Api:TenantId, Api:TabResource); see docs/deploy.md.');
  }
  const scopes = [config.apiScope];
  let cached: { token: string; expires: number } | null = null;
  const remember = (token: string, expiresOn?: Date | null) => {
    cached = { token, expires: expiresOn ? expiresOn.getTime() : Date.now() + 5 * 60_000 };
    return token;
  };

  if (nestedAppAuth.isNAAChannelRecommended()) {
    const { createNestablePublicClientApplication, InteractionRequiredAuthError } = await import('@azure/msal-browser');
    const pca: IPublicClientApplication = await createNestablePublicClientApplication({
      auth: { clientId: config.clientId, authority: `https://login.microsoftonline.com/${config.tenantId}` },
    });
    return async (fresh) => {
      if (!fresh && cached && cached.expires - Date.now() > 60_000) return cached.token;
      const account = pca.getActiveAccount() ?? pca.getAllAccounts()[0];
      const request = { scopes, account, loginHint, forceRefresh: fresh };
      try {
        const result = await pca.acquireTokenSilent(request);
        return remember(result.accessToken, result.expiresOn);
      } catch (e) {
        if (!(e instanceof InteractionRequiredAuthError)) console.warn('Silent token failed; asking with a popup', e);
        const result = await pca.acquireTokenPopup({ scopes, loginHint });
        return remember(result.accessToken, result.expiresOn);
      }
    };
  }

  return async (fresh) => {
    if (!fresh && cached && cached.expires - Date.now() > 60_000) return cached.token;
    // Teams caches and refreshes this token itself; the API validates audience, scope and tenant.
    return remember(await authentication.getAuthToken());
  };
}

async function whoAmI(): Promise<Me> {
  return (await get<Me>('me')).data;
}

/**
 * Opens the chat with the bot, with a command typed in where the host allows it. In Teams a tab opens links through TeamsJS (its
 * frame may not navigate); outside Teams a new browser tab opens.
 */
export function openChat(chatUrl: string, message: string, inTeams: boolean): void {
  const url = new URL(chatUrl);
  if (inTeams) {
    url.searchParams.set('message', message);
    void app.openLink(url.toString());
  } else {
    window.open(url.toString(), '_blank', 'noopener');
  }
}

/** Picks a demo person (development sign-in only) and reloads the page as them. */
export function chooseDemoPerson(objectId: string | null): void {
  if (objectId) sessionStorage.setItem(DevUserKey, objectId);
  else sessionStorage.removeItem(DevUserKey);
}

// Sign-in starts as soon as this module runs rather than after React's first render: the page can do nothing before it
// knows who is signed in, and the first render costs a few hundred milliseconds on a slow machine.
let themeListener: (theme: TeamsTheme) => void = () => {};
const signingIn: Promise<SignIn> = runSignIn((t) => themeListener(t));

/** The sign-in of this page load (started once, when the module loaded); later Teams theme changes go to onTheme. */
export function signIn(onTheme: (theme: TeamsTheme) => void): Promise<SignIn> {
  themeListener = onTheme;
  return signingIn;
}

async function runSignIn(onTheme: (theme: TeamsTheme) => void): Promise<SignIn> {
  if (inFrameOrPopup()) {
    try {
      await withTimeout(app.initialize(), TeamsInitTimeoutMs, 'Teams');
      const context = await app.getContext();
      app.registerOnThemeChangeHandler((t) => onTheme((t as TeamsTheme) ?? 'default'));
      const config = await loadConfig();
      const token = await teamsTokenSource(config, context.user?.loginHint);
      useCredentials(async (headers, retry) => headers.set('Authorization', `Bearer ${await token(retry)}`));
      const me = await whoAmI();
      app.notifySuccess();
      return { kind: 'teams', me, theme: (context.app.theme as TeamsTheme) ?? 'default', subPageId: context.page.subPageId, chatUrl: config.chatUrl };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      try { app.notifyFailure({ reason: app.FailedReason.AuthFailed, message }); } catch { /* not in Teams after all */ }
      if (!/did not answer/.test(message)) return { kind: 'failed', message };
      // Framed, but not by Teams (a preview, a test harness): fall through to what a browser outside Teams gets.
    }
  }

  const config = await loadConfig();
  if (!config.developmentSignIn) return { kind: 'outside-teams' };
  const people = config.demoPeople;
  const wanted = new URLSearchParams(window.location.search).get('as') ?? sessionStorage.getItem(DevUserKey);
  const person = people.find((p) => p.objectId === wanted);
  if (!person) return { kind: 'choose', people };
  sessionStorage.setItem(DevUserKey, person.objectId);
  useCredentials(async (headers) => headers.set('X-Aims-User', person.objectId));
  return { kind: 'development', me: await whoAmI(), people, chatUrl: config.chatUrl };
}
