import { useCallback, useEffect, useState } from 'react';
import {
  Button, Field, Input, Link, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Textarea,
  Title2, makeStyles, tokens,
} from '@fluentui/react-components';
import { call, fieldError, get, type Page } from '../api';
import type { Me } from '../auth';
import { href, navigate } from '../router';
import { Scroll } from '../components/Scroll';
import { ErrorBar, Section } from '../components/Section';
import { FormProblems } from '../components/FormProblems';
import type { AiSystem, RiskView } from '../types';
import { SystemLifecycle } from './SystemLifecycle';

const Stages = ['Concept', 'Design', 'Development', 'VerificationAndValidation', 'Deployment', 'OperationAndMonitoring', 'Retirement'];
const OurRoles = ['Developer', 'Provider', 'Deployer', 'User'];
const Autonomy = ['DecisionSupport', 'HumanInTheLoop', 'HumanOnTheLoop', 'Autonomous'];
const RiskClasses = ['Prohibited', 'High', 'Limited', 'Minimal', 'GeneralPurpose'];
const ImpactStatuses = ['NotStarted', 'InProgress', 'Completed', 'NotRequired'];
const TextFields: [string, string, boolean][] = [
  ['name', 'Name', true], ['purpose', 'Purpose', true], ['intendedUse', 'Intended use', false], ['ownerObjectId', 'Owner (Entra object id)', true],
  ['businessUnit', 'Business unit', true], ['modelType', 'Model type', true], ['thirdPartyProvider', 'Third-party provider', false],
  ['humanOversight', 'Human oversight', false],
];
const Choices: [string, string, string[]][] = [
  ['stage', 'Life cycle stage', Stages], ['ourRole', 'Our role', OurRoles], ['autonomyLevel', 'Autonomy', Autonomy],
  ['riskClass', 'EU AI Act risk class', RiskClasses], ['impactAssessmentStatus', 'Impact assessment', ImpactStatuses],
];
const AllFields = [...TextFields.map((f) => f[0]), ...Choices.map((c) => c[0]), 'dataSources', 'impactedParties'];

const useStyles = makeStyles({
  form: { display: 'grid', gap: tokens.spacingVerticalM, gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))' },
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'center' },
});

export function SystemsPage({ route, me }: { route: string; me: Me }) {
  const id = route.split('/')[2];
  if (id === 'new') return <SystemEditor me={me} />;
  if (id === 'import') return <SystemImport />;
  if (id) return <SystemEditor me={me} id={decodeURIComponent(id)} />;
  return <SystemList />;
}

function SystemList() {
  const styles = useStyles();
  const [items, setItems] = useState<AiSystem[]>([]);
  const [token, setToken] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async (continuation: string | null) => {
    setLoading(true);
    try {
      const page = (await get<Page<AiSystem>>('systems', { pageSize: 50, continuationToken: continuation })).data;
      setItems((prev) => (continuation ? [...prev, ...page.items] : page.items));
      setToken(page.continuationToken ?? null);
    } catch (e) { setError(e); } finally { setLoading(false); }
  }, []);
  useEffect(() => { void load(null); }, [load]);
  return (
    <>
      <Title2 as="h1">AI systems</Title2>
      <div className={styles.bar}>
        <Button appearance="primary" onClick={() => navigate('/systems/new')}>New AI system</Button>
        <Button onClick={() => navigate('/systems/import')}>Import CSV</Button>
      </div>
      {error ? <ErrorBar error={error} /> : null}
      <Scroll label="AI system register (scrolls sideways)">
      <Table aria-label="AI system register" size="small">
        <TableHeader><TableRow><TableHeaderCell>System</TableHeaderCell><TableHeaderCell>Stage</TableHeaderCell><TableHeaderCell>Risk class</TableHeaderCell><TableHeaderCell>Business unit</TableHeaderCell></TableRow></TableHeader>
        <TableBody>
          {items.map((s) => (
            <TableRow key={s.id}>
              <TableCell><Link href={href(`/systems/${s.id}`)} onClick={(e) => { e.preventDefault(); navigate(`/systems/${s.id}`); }}>{s.name}</Link>{s.retired ? ' (retired)' : ''}</TableCell>
              <TableCell>{s.stage}</TableCell><TableCell>{s.riskClass}</TableCell><TableCell>{s.businessUnit}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      </Scroll>
      {loading ? <Spinner size="small" label="Loading AI systems" /> : token ? <Button onClick={() => void load(token)}>Load more</Button> : <Text role="status">{items.length} AI systems</Text>}
    </>
  );
}

type Form = Record<string, string>;
const toForm = (s?: AiSystem, me?: Me): Form => Object.fromEntries([
  ...TextFields.map(([k]) => [k, (s?.[k] as string | null | undefined) ?? (k === 'ownerObjectId' ? me?.objectId ?? '' : '')]),
  ...Choices.map(([k]) => [k, (s?.[k] as string | null | undefined) ?? '']),
]);

function SystemEditor({ me, id }: { me: Me; id?: string }) {
  const styles = useStyles();
  const [system, setSystem] = useState<AiSystem | null>(null);
  const [etag, setEtag] = useState<string | null>(null);
  const [form, setForm] = useState<Form>(toForm(undefined, me));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [risks, setRisks] = useState<RiskView[] | null>(null);

  const read = useCallback(async (keepTyped: boolean) => {
    if (!id) return;
    const answer = await get<AiSystem>(`systems/${encodeURIComponent(id)}`);
    setSystem(answer.data); setEtag(answer.etag ?? answer.data.eTag ?? null);
    if (!keepTyped) setForm(toForm(answer.data));
  }, [id]);
  useEffect(() => { read(false).catch(setError); }, [read]);
  useEffect(() => {
    if (id) get<Page<RiskView>>('risks', { aiSystemId: id, pageSize: 50 }).then((a) => setRisks(a.data.items), () => setRisks([]));
  }, [id]);

  const set = (k: string) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [k]: d.value }));
  async function save() {
    setSaved(null);
    const body = { ...Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v.trim() === '' ? null : v])),
      dataSources: (system?.dataSources as unknown[] | undefined) ?? [], impactedParties: (system?.impactedParties as unknown[] | undefined) ?? [],
      linkedRiskIds: (system?.linkedRiskIds as unknown[] | undefined) ?? [] };
    try {
      const answer = id
        ? await call<AiSystem>('PUT', `systems/${encodeURIComponent(id)}`, { body, ifMatch: etag })
        : await call<AiSystem>('POST', 'systems', { body });
      setError(null); setSystem(answer.data); setEtag(answer.etag ?? answer.data.eTag ?? null); setForm(toForm(answer.data));
      setSaved(`Saved ${answer.data.name}.`);
      if (!id) navigate(`/systems/${answer.data.id}`);
    } catch (e) { setError(e); }
  }

  return (
    <>
      <Title2 as="h1">{id ? system?.name ?? id : 'New AI system'}</Title2>
      <Link href={href('/systems')} onClick={(e) => { e.preventDefault(); navigate('/systems'); }}>Back to the register</Link>
      <FormProblems error={error} fields={AllFields} onReload={() => { read(true).then(() => setError(null), setError); }} />
      {saved && <Text role="status">{saved}</Text>}
      <form className={styles.form} aria-label="AI system" noValidate onSubmit={(e) => { e.preventDefault(); void save(); }}>
        {TextFields.map(([k, label, required]) => (
          <Field key={k} label={label} required={required} validationMessage={fieldError(error, k)}>
            {k === 'purpose' || k === 'humanOversight' ? <Textarea value={form[k]} onChange={set(k)} /> : <Input value={form[k]} onChange={set(k)} />}
          </Field>
        ))}
        {Choices.map(([k, label, options]) => (
          <Field key={k} label={label} required validationMessage={fieldError(error, k)}
            hint={id && k === 'stage' ? 'The stage moves through a gate (below), not by editing.' : undefined}>
            <Select value={form[k]} onChange={set(k)} disabled={Boolean(id) && k === 'stage'}><option value="">Choose…</option>{options.map((o) => <option key={o}>{o}</option>)}</Select>
          </Field>
        ))}
        <div><Button appearance="primary" type="submit">{id ? 'Save changes' : 'Add to the register'}</Button></div>
      </form>
      {id && <SystemLifecycle id={id} />}
      {id && (
        <Section id="s-risks" title="Risks of this system" loading={risks === null}>
          {(risks ?? []).length === 0 ? <Text>No risk recorded.</Text> : (
            <ul>{(risks ?? []).map((r) => <li key={r.risk.id}><Link href={href(`/risks/${r.risk.id}`)} onClick={(e) => { e.preventDefault(); navigate(`/risks/${r.risk.id}`); }}>{r.risk.id}: {r.risk.title}</Link> ({r.risk.state}, residual {r.residual.level})</li>)}</ul>
          )}
        </Section>
      )}
    </>
  );
}

interface ImportReport {
  mode: string; applied: boolean; rows: number; validRows: number; invalidRows: number; created: number; updated: number; unchanged: number;
  errors: { line: number; field: string; message: string }[];
}

function SystemImport() {
  const styles = useStyles();
  const [csv, setCsv] = useState('');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function run(mode: 'dry-run' | 'apply') {
    try {
      const answer = await call<ImportReport>('POST', 'systems/import', { text: csv, contentType: 'text/csv', query: { mode } });
      setReport(answer.data); setError(null);
    } catch (e) {
      setError(e);
      const body = (e as { problem?: unknown }).problem as Partial<ImportReport> | undefined;
      if (body && Array.isArray(body.errors)) setReport(body as ImportReport);
    }
  }
  return (
    <>
      <Title2 as="h1">Import AI systems from CSV</Title2>
      <Link href={href('/systems')} onClick={(e) => { e.preventDefault(); navigate('/systems'); }}>Back to the register</Link>
      <Text>The columns are those of the register's export. A dry run checks every row and writes nothing.</Text>
      <div>
        <label htmlFor="csv-file">CSV file </label>
        <input id="csv-file" type="file" accept=".csv,text/csv" onChange={(e) => { const f = e.target.files?.[0]; if (f) void f.text().then(setCsv); }} />
      </div>
      <Field label="CSV text"><Textarea value={csv} onChange={(_, d) => setCsv(d.value)} rows={8} /></Field>
      <div className={styles.bar}>
        <Button appearance="primary" onClick={() => void run('dry-run')} disabled={!csv}>Check (dry run)</Button>
        <Button onClick={() => void run('apply')} disabled={!report || report.invalidRows > 0 || report.applied}>Import</Button>
      </div>
      {error && !report ? <FormProblems error={error} fields={[]} /> : null}
      {report && (
        <Section id="i-report" title={report.applied ? 'Imported' : 'Dry run'}>
          <Text role="status">{report.rows} rows: {report.validRows} valid, {report.invalidRows} with errors; {report.created} new, {report.updated} changed, {report.unchanged} unchanged{report.applied ? ' (written)' : ' (nothing written)'}.</Text>
          {report.errors.length > 0 && (
            <Table size="small" aria-label="Errors by row">
              <TableHeader><TableRow><TableHeaderCell>Line</TableHeaderCell><TableHeaderCell>Field</TableHeaderCell><TableHeaderCell>Problem</TableHeaderCell></TableRow></TableHeader>
              <TableBody>{report.errors.map((e, i) => <TableRow key={i}><TableCell>{e.line}</TableCell><TableCell>{e.field}</TableCell><TableCell>{e.message}</TableCell></TableRow>)}</TableBody>
            </Table>
          )}
        </Section>
      )}
    </>
  );
}
