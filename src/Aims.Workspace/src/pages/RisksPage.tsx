import { useCallback, useEffect, useState } from 'react';
import {
  Badge, Button, Field, Input, Link, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow,
  Text, Textarea, Title2, makeStyles, tokens,
} from '@fluentui/react-components';
import { call, fieldError, get, type Page } from '../api';
import type { Me } from '../auth';
import { href, navigate } from '../router';
import { Scroll } from '../components/Scroll';
import { ErrorBar, Section } from '../components/Section';
import { FormProblems } from '../components/FormProblems';
import type { AiSystem, RiskView } from '../types';

const States = ['Draft', 'Submitted', 'ChangesRequested', 'Approved', 'Rejected', 'AcceptancePendingTopManagement', 'Accepted', 'Expired'];
const Categories = ['AlgorithmicBias', 'ModelDrift', 'AdversarialAttack', 'UnintendedBehaviour', 'Privacy', 'Security', 'Safety', 'TransparencyAndExplainability', 'Regulatory', 'ThirdParty'];
const Sources = ['Data', 'Model', 'Deployment', 'Use'];
const Treatments = ['Avoid', 'Mitigate', 'Transfer', 'Accept'];
const Fields = ['aiSystemId', 'title', 'description', 'category', 'source', 'likelihood', 'impact', 'treatment', 'treatmentPlan', 'controls', 'residualLikelihood', 'residualImpact', 'ownerObjectId', 'nextReviewDate'];

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  form: { display: 'grid', gap: tokens.spacingVerticalM, gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))' },
  wide: { gridColumn: '1 / -1' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
});

export function RisksPage({ route, me }: { route: string; me: Me }) {
  const id = route.split('/')[2];
  if (id === 'new') return <RiskEditor me={me} />;
  if (id) return <RiskEditor me={me} id={decodeURIComponent(id)} />;
  return <RiskList />;
}

function RiskList() {
  const styles = useStyles();
  const [state, setState] = useState('');
  const [system, setSystem] = useState('');
  const [items, setItems] = useState<RiskView[]>([]);
  const [token, setToken] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [systems, setSystems] = useState<AiSystem[]>([]);

  const load = useCallback(async (continuation: string | null) => {
    setLoading(true);
    try {
      const page = (await get<Page<RiskView>>('risks', { state, aiSystemId: system, pageSize: 50, continuationToken: continuation })).data;
      setItems((prev) => (continuation ? [...prev, ...page.items] : page.items));
      setToken(page.continuationToken ?? null);
      setError(null);
    } catch (e) { setError(e); } finally { setLoading(false); }
  }, [state, system]);

  useEffect(() => { void load(null); }, [load]);
  useEffect(() => { get<Page<AiSystem>>('systems', { pageSize: 200 }).then((a) => setSystems(a.data.items), () => setSystems([])); }, []);

  return (
    <>
      <Title2 as="h1">Risks</Title2>
      <div className={styles.filters} role="search" aria-label="Filter risks">
        <Field label="State"><Select value={state} onChange={(_, d) => setState(d.value)}><option value="">Any</option>{States.map((s) => <option key={s}>{s}</option>)}</Select></Field>
        <Field label="AI system"><Select value={system} onChange={(_, d) => setSystem(d.value)}><option value="">Any</option>{systems.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}</Select></Field>
        <Button appearance="primary" onClick={() => navigate('/risks/new')}>New risk</Button>
      </div>
      {error ? <ErrorBar error={error} /> : null}
      <Scroll label="Risk register (scrolls sideways)">
      <Table aria-label="Risk register" size="small">
        <TableHeader><TableRow>
          <TableHeaderCell>Risk</TableHeaderCell><TableHeaderCell>AI system</TableHeaderCell><TableHeaderCell>State</TableHeaderCell>
          <TableHeaderCell>Inherent</TableHeaderCell><TableHeaderCell>Residual</TableHeaderCell>
        </TableRow></TableHeader>
        <TableBody>
          {items.map((r) => (
            <TableRow key={r.risk.id}>
              <TableCell><Link href={href(`/risks/${r.risk.id}`)} onClick={(e) => { e.preventDefault(); navigate(`/risks/${r.risk.id}`); }}>{r.risk.id}: {r.risk.title}</Link></TableCell>
              <TableCell>{r.risk.aiSystemId}</TableCell>
              <TableCell>{r.risk.state}</TableCell>
              <TableCell>{r.inherent.score} {r.inherent.level}</TableCell>
              <TableCell>{r.residual.score} {r.residual.level}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      </Scroll>
      {loading ? <Spinner size="small" label="Loading risks" /> : token ? <Button onClick={() => void load(token)}>Load more</Button> : <Text role="status">{items.length} risks</Text>}
    </>
  );
}

type Form = Record<string, string>;

function toForm(r?: RiskView['risk'], me?: Me): Form {
  return {
    aiSystemId: r?.aiSystemId ?? '', title: r?.title ?? '', description: r?.description ?? '', category: r?.category ?? '',
    source: r?.source ?? '', likelihood: r ? String(r.likelihood) : '', impact: r ? String(r.impact) : '', treatment: r?.treatment ?? '',
    treatmentPlan: r?.treatmentPlan ?? '', controls: (r?.controls ?? []).join(', '), residualLikelihood: r ? String(r.residualLikelihood) : '',
    residualImpact: r ? String(r.residualImpact) : '', ownerObjectId: r?.ownerObjectId ?? me?.objectId ?? '', nextReviewDate: r?.nextReviewDate ?? '',
  };
}

function toBody(f: Form, actions: unknown[] | undefined) {
  const num = (v: string) => (v.trim() === '' ? null : Number(v));
  return {
    aiSystemId: f.aiSystemId, title: f.title, description: f.description, category: f.category || null, source: f.source || null,
    likelihood: num(f.likelihood!), impact: num(f.impact!), treatment: f.treatment || null, treatmentPlan: f.treatmentPlan,
    controls: f.controls!.split(',').map((c) => c.trim()).filter(Boolean), residualLikelihood: num(f.residualLikelihood!),
    residualImpact: num(f.residualImpact!), ownerObjectId: f.ownerObjectId, nextReviewDate: f.nextReviewDate || null, actions: actions ?? [],
  };
}

function RiskEditor({ me, id }: { me: Me; id?: string }) {
  const styles = useStyles();
  const [view, setView] = useState<RiskView | null>(null);
  const [etag, setEtag] = useState<string | null>(null);
  const [form, setForm] = useState<Form>(toForm(undefined, me));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [systems, setSystems] = useState<AiSystem[]>([]);

  const read = useCallback(async (keepTyped: boolean) => {
    if (!id) return;
    const answer = await get<RiskView>(`risks/${encodeURIComponent(id)}`);
    setView(answer.data);
    setEtag(answer.etag);
    if (!keepTyped) setForm(toForm(answer.data.risk));
  }, [id]);

  useEffect(() => { read(false).catch(setError); }, [read]);
  useEffect(() => { get<Page<AiSystem>>('systems', { pageSize: 200 }).then((a) => setSystems(a.data.items), () => setSystems([])); }, []);

  const set = (k: string) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [k]: d.value }));
  const err = (k: string) => fieldError(error, k);

  async function save() {
    setBusy(true); setSaved(null);
    try {
      const body = toBody(form, view?.risk.actions);
      const answer = id
        ? await call<RiskView>('PUT', `risks/${encodeURIComponent(id)}`, { body, ifMatch: etag })
        : await call<RiskView>('POST', 'risks', { body });
      setError(null);
      setView(answer.data); setEtag(answer.etag); setForm(toForm(answer.data.risk));
      setSaved(`Saved ${answer.data.risk.id}.${answer.data.notice ? ' ' + answer.data.notice : ''}`);
      if (!id) navigate(`/risks/${answer.data.risk.id}`);
    } catch (e) { setError(e); } finally { setBusy(false); }
  }

  async function submit() {
    if (!id) return;
    setBusy(true); setSaved(null);
    try {
      const answer = await call<RiskView>('POST', `risks/${encodeURIComponent(id)}/submit`, { ifMatch: etag });
      setError(null); setView(answer.data); setEtag(answer.etag);
      setSaved(`Submitted ${id} for a decision.`);
    } catch (e) { setError(e); } finally { setBusy(false); }
  }

  const select = (k: string, label: string, options: string[]) => (
    <Field label={label} validationMessage={err(k)} required>
      <Select value={form[k]} onChange={set(k)}><option value="">Choose…</option>{options.map((o) => <option key={o}>{o}</option>)}</Select>
    </Field>
  );
  const rating = (k: string, label: string) => select(k, label, ['1', '2', '3', '4', '5']);

  return (
    <>
      <Title2 as="h1">{id ? `Risk ${id}` : 'New risk'}</Title2>
      <Link href={href('/risks')} onClick={(e) => { e.preventDefault(); navigate('/risks'); }}>Back to the risk register</Link>
      {view && <Text>State: <Badge>{view.risk.state}</Badge> · inherent {view.inherent.score} ({view.inherent.level}) · residual {view.residual.score} ({view.residual.level})</Text>}
      <FormProblems error={error} fields={Fields} onReload={() => { read(true).then(() => setError(null), setError); }} />
      {saved && <Text role="status">{saved}</Text>}
      <form className={styles.form} aria-label="Risk" noValidate onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <Field label="AI system" validationMessage={err('aiSystemId')} required>
          <Select value={form.aiSystemId} onChange={set('aiSystemId')}><option value="">Choose…</option>{systems.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}</Select>
        </Field>
        <Field label="Title" validationMessage={err('title')} required className={styles.wide}><Input value={form.title} onChange={set('title')} /></Field>
        <Field label="Description" validationMessage={err('description')} className={styles.wide}><Textarea value={form.description} onChange={set('description')} /></Field>
        {select('category', 'Category', Categories)}
        {select('source', 'Source', Sources)}
        {rating('likelihood', 'Likelihood')}
        {rating('impact', 'Impact')}
        {select('treatment', 'Treatment', Treatments)}
        {rating('residualLikelihood', 'Residual likelihood')}
        {rating('residualImpact', 'Residual impact')}
        <Field label="Treatment plan" validationMessage={err('treatmentPlan')} className={styles.wide}><Textarea value={form.treatmentPlan} onChange={set('treatmentPlan')} /></Field>
        <Field label="Annex A controls (comma separated)" validationMessage={err('controls')}><Input value={form.controls} onChange={set('controls')} /></Field>
        <Field label="Risk owner (Entra object id)" validationMessage={err('ownerObjectId')} required><Input value={form.ownerObjectId} onChange={set('ownerObjectId')} /></Field>
        <Field label="Next review date" validationMessage={err('nextReviewDate')}><Input type="date" value={form.nextReviewDate} onChange={set('nextReviewDate')} /></Field>
        <div className={`${styles.actions} ${styles.wide}`}>
          <Button appearance="primary" type="submit" disabled={busy}>{id ? 'Save changes' : 'Create risk'}</Button>
          {id && <Button onClick={() => void submit()} disabled={busy}>Submit for a decision</Button>}
        </div>
      </form>
      {view && (
        <Section id="r-history" title="Decision history">
          {view.risk.decisions.length === 0 ? <Text>No decision yet.</Text> : (
            <Table size="small" aria-labelledby="r-history">
              <TableHeader><TableRow><TableHeaderCell>When</TableHeaderCell><TableHeaderCell>Who</TableHeaderCell><TableHeaderCell>Outcome</TableHeaderCell><TableHeaderCell>State</TableHeaderCell><TableHeaderCell>Comment</TableHeaderCell></TableRow></TableHeader>
              <TableBody>
                {view.risk.decisions.map((d, i) => (
                  <TableRow key={i}>
                    <TableCell>{new Date(d.at).toLocaleString()}</TableCell><TableCell>{d.actorName}</TableCell><TableCell>{d.outcome}</TableCell>
                    <TableCell>{d.fromState} → {d.toState}</TableCell><TableCell>{d.comment ?? ''}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Section>
      )}
    </>
  );
}
