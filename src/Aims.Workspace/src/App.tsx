import { Suspense, lazy, useEffect, useState } from 'react';
import {
  Button, FluentProvider, Link, MessageBar, MessageBarBody, MessageBarTitle, Select, Spinner, Text, Title2,
  makeStyles, teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, tokens,
} from '@fluentui/react-components';
import { chooseDemoPerson, openChat, signIn, type SignIn, type TeamsTheme } from './auth';
import { Pages, allowed } from './roles';
import { routeFromSubPageId } from './deepLinks';
import { href, navigate, useRoute } from './router';
import { HomePage } from './pages/HomePage';
// Pages other than Home load on first visit: the home page's script stays small (docs/benchmarks.md).
const SystemsPage = lazy(() => import('./pages/SystemsPage').then((m) => ({ default: m.SystemsPage })));
const RisksPage = lazy(() => import('./pages/RisksPage').then((m) => ({ default: m.RisksPage })));
const SoaPage = lazy(() => import('./pages/SoaPage').then((m) => ({ default: m.SoaPage })));
const EvidencePage = lazy(() => import('./pages/EvidencePage').then((m) => ({ default: m.EvidencePage })));
const ContextPage = lazy(() => import('./pages/ContextPage').then((m) => ({ default: m.ContextPage })));
const AssessmentsPage = lazy(() => import('./pages/AssessmentsPage').then((m) => ({ default: m.AssessmentsPage })));
const ObjectivesPage = lazy(() => import('./pages/ObjectivesPage').then((m) => ({ default: m.ObjectivesPage })));
const DocumentsPage = lazy(() => import('./pages/DocumentsPage').then((m) => ({ default: m.DocumentsPage })));
const AuditsPage = lazy(() => import('./pages/AuditsPage').then((m) => ({ default: m.AuditsPage })));
const ReportsPage = lazy(() => import('./pages/ReportsPage').then((m) => ({ default: m.ReportsPage })));
const ReviewPage = lazy(() => import('./pages/ReviewPage').then((m) => ({ default: m.ReviewPage })));
const MeetingSetupPage = lazy(() => import('./pages/MeetingSetupPage').then((m) => ({ default: m.MeetingSetupPage })));

const themes = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground2, color: tokens.colorNeutralForeground1 },
  header: {
    display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`, backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400, margin: 0 },
  who: { marginLeft: 'auto', display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  nav: { overflowX: 'auto' },
  navList: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, listStyle: 'none', margin: 0, padding: 0 },
  current: { fontWeight: tokens.fontWeightSemibold, textDecoration: 'underline', textUnderlineOffset: '4px' },
  main: { padding: tokens.spacingHorizontalL, maxWidth: '1200px', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  panel: { padding: tokens.spacingHorizontalS, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  center: { padding: tokens.spacingHorizontalXXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '640px' },
});

function initialTheme(): TeamsTheme {
  // Outside Teams there is no Teams theme: ?theme= picks one (development and screenshots), else the browser's preference.
  const asked = new URLSearchParams(window.location.search).get('theme');
  if (asked === 'dark' || asked === 'contrast' || asked === 'default') return asked;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'default';
}

export function App() {
  const [theme, setTheme] = useState<TeamsTheme>(initialTheme);
  const [state, setState] = useState<SignIn | null>(null);
  const styles = useStyles();

  useEffect(() => {
    signIn(setTheme).then((s) => {
      if (s.kind === 'teams') setTheme(s.theme);
      // A card's "Open in workspace" names the item's page as the tab's sub page; only this router's routes are followed.
      const deepLink = s.kind === 'teams' ? routeFromSubPageId(s.subPageId) : null;
      if (deepLink) navigate(deepLink);
      setState(s);
    }, (e: unknown) => setState({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }));
  }, []);

  return (
    // The page's own styles sit inside the provider: its className is applied to every portal too (a combobox's list), and
    // a full-height background there would cover the page and swallow its clicks.
    <FluentProvider theme={themes[theme]}>
      <div className={styles.root} data-theme={theme}>
      {state === null ? (
        <main className={styles.center}><Spinner label="Signing in" /></main>
      ) : state.kind === 'teams' || state.kind === 'development' ? (
        <Shell state={state} />
      ) : (
        <main className={styles.center}>
          <Title2 as="h1">AIMS workspace</Title2>
          {state.kind === 'choose' && <DevelopmentChooser people={state.people} />}
          {state.kind === 'outside-teams' && (
            <MessageBar intent="info"><MessageBarBody><MessageBarTitle>Open the workspace in Teams</MessageBarTitle>
              The AIMS workspace is a Teams app: open it from the AIMS app in Microsoft Teams, where you are signed in.</MessageBarBody></MessageBar>
          )}
          {state.kind === 'failed' && (
            <MessageBar intent="error"><MessageBarBody><MessageBarTitle>Sign-in failed</MessageBarTitle>{state.message}</MessageBarBody></MessageBar>
          )}
        </main>
      )}
      </div>
    </FluentProvider>
  );
}

function DevelopmentChooser({ people }: { people: { objectId: string; displayName: string; jobTitle?: string | null; roles: string[] }[] }) {
  const [picked, setPicked] = useState(people[0]?.objectId ?? '');
  if (people.length === 0) {
    return <MessageBar intent="warning"><MessageBarBody>The development sign-in answers requests from this machine only.</MessageBarBody></MessageBar>;
  }
  return (
    <section aria-labelledby="dev-signin" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <MessageBar intent="warning"><MessageBarBody><MessageBarTitle id="dev-signin">Development sign-in</MessageBarTitle>
        This DevHost has no Entra sign-in: pick a demo person. Requests then name them in the X-Aims-User header, which the
        DevHost accepts from this machine only.</MessageBarBody></MessageBar>
      <label htmlFor="dev-person">Sign in as</label>
      <Select id="dev-person" value={picked} onChange={(_, d) => setPicked(d.value)}>
        {people.map((p) => <option key={p.objectId} value={p.objectId}>{p.displayName} ({p.roles.join(', ')})</option>)}
      </Select>
      <Button appearance="primary" onClick={() => { chooseDemoPerson(picked); window.location.reload(); }}>Sign in</Button>
    </section>
  );
}

function Shell({ state }: { state: Extract<SignIn, { kind: 'teams' | 'development' }> }) {
  const styles = useStyles();
  const route = useRoute();
  const roles = state.me.roles;
  const visible = Pages.filter((p) => allowed(p, roles));
  const top = '/' + (route.split('/')[1] ?? '');
  const page = visible.find((p) => p.route === top) ?? null;
  const inTeams = state.kind === 'teams';

  useEffect(() => {
    document.title = `${top === '/meeting' ? 'Management review' : page?.title ?? 'Not available'} · AIMS workspace`;
  }, [page, top]);

  // A meeting's side panel is about 320 px wide and shows one thing: the review, without the workspace's navigation.
  if (top === '/meeting' || top === '/configure') {
    return (
      <main className={styles.panel} id="main">
        <Suspense fallback={<Spinner label="Loading" />}>
        {top === '/configure' ? <MeetingSetupPage inTeams={inTeams} />
          : allowed({ route: '/review', title: '', roles: ['AimsManager', 'Auditor', 'TopManagement'] }, roles) ? <ReviewPage me={state.me} compact />
            : <MessageBar intent="warning"><MessageBarBody>The management review is for top management, AIMS managers and auditors.</MessageBarBody></MessageBar>}
        </Suspense>
      </main>
    );
  }

  return (
    <>
      <header className={styles.header}>
        <p className={styles.brand}>AIMS workspace</p>
        <nav aria-label="Workspace pages" className={styles.nav}>
          {/* Links, not tabs: each page has its own address (deep links, back and forward). */}
          <ul className={styles.navList}>
            {visible.map((p) => (
              <li key={p.route}>
                <Link href={href(p.route)} aria-current={p === page ? 'page' : undefined} className={p === page ? styles.current : undefined}
                  onClick={(e) => { e.preventDefault(); navigate(p.route); }}>{p.title}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className={styles.who}>
          <Text>{state.me.displayName}</Text>
          <Text size={200}>({roles.join(', ')})</Text>
          {state.chatUrl && (
            <Button size="small" onClick={() => openChat(state.chatUrl!, discussCommand(route), inTeams)}>Discuss in chat</Button>
          )}
          {state.kind === 'development' && (
            <Button size="small" onClick={() => { chooseDemoPerson(null); window.location.assign(window.location.pathname); }}>Switch person</Button>
          )}
        </div>
      </header>
      {state.kind === 'development' && (
        <div role="region" aria-label="Development sign-in" style={{ padding: '4px 16px' }}>
          <MessageBar intent="warning"><MessageBarBody>
            Development sign-in: you are {state.me.displayName}, named by the X-Aims-User header (accepted from this machine only, never in Azure).
          </MessageBarBody></MessageBar>
        </div>
      )}
      <main className={styles.main} id="main">
        <Suspense fallback={<Spinner label="Loading" />}>
        {page === null ? (
          <>
            <Title2 as="h1">Not available</Title2>
            <MessageBar intent="warning"><MessageBarBody>This page is not available with your roles.</MessageBarBody></MessageBar>
          </>
        ) : page.route === '/' ? <HomePage me={state.me} />
          : page.route === '/systems' ? <SystemsPage route={route} me={state.me} />
          : page.route === '/risks' ? <RisksPage route={route} me={state.me} />
          : page.route === '/soa' ? <SoaPage me={state.me} />
          : page.route === '/context' ? <ContextPage me={state.me} />
          : page.route === '/assessments' ? <AssessmentsPage />
          : page.route === '/objectives' ? <ObjectivesPage route={route} me={state.me} />
          : page.route === '/documents' ? <DocumentsPage route={route} me={state.me} />
          : page.route === '/audits' ? <AuditsPage route={route} me={state.me} />
          : page.route === '/reports' ? <ReportsPage route={route} me={state.me} />
          : page.route === '/review' ? <ReviewPage me={state.me} />
          : <EvidencePage me={state.me} />}
        </Suspense>
      </main>
    </>
  );
}

/** What "Discuss" types into the chat with the bot: the command that shows the item on this page, else help. */
function discussCommand(route: string): string {
  const [, page, id] = route.split('/');
  if (id && page === 'risks') return `risk ${decodeURIComponent(id)}`;
  if (id && page === 'systems') return `system ${decodeURIComponent(id)}`;
  return 'help';
}
