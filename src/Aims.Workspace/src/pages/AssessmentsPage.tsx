import { useCallback, useEffect, useState } from 'react';
import {
  Button, Field, Input, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Textarea, Title2, makeStyles, tokens,
} from '@fluentui/react-components';
import { call, fieldError, get, type Page } from '../api';
import { Scroll } from '../components/Scroll';
import { Section } from '../components/Section';
import { FormProblems } from '../components/FormProblems';
import type { AiSystem } from '../types';

interface Assessment { id: string; aiSystemId: string; title: string; state: string; version: number; highestSeverity: string }

// What ISO/IEC 42005 asks an assessment to describe, in the order of the form.
const Describe: [string, string][] = [
  ['systemDescription', 'System description and functions'], ['intendedUses', 'Intended uses'], ['foreseeableMisuse', 'Reasonably foreseeable misuse'],
  ['dataAndQuality', 'Data used and its quality'], ['modelInformation', 'Model information'], ['deploymentEnvironment', 'Deployment environment'],
  ['benefits', 'Benefits'], ['sensitiveUses', 'Sensitive or restricted uses and thresholds for extra review'], ['reviewTriggers', 'What triggers a new assessment'],
];
const Harm: [string, string, string[] | null][] = [
  ['scope', 'Who is affected', ['Individuals', 'Groups', 'Society']], ['description', 'Potential harm', null], ['severity', 'Severity', ['Negligible', 'Minor', 'Moderate', 'Major', 'Severe']],
  ['affectedParties', 'Affected people (separated by ;)', null], ['likelihood', 'Likelihood (1 to 5)', ['1', '2', '3', '4', '5']],
  ['reversibility', 'Reversibility', ['Reversible', 'PartlyReversible', 'Irreversible']], ['scale', 'Scale', ['Few', 'Many', 'Widespread']],
  ['measures', 'Measures that address it', null], ['riskIds', 'Linked risks (separated by ;)', null], ['controls', 'Annex A controls (separated by ;)', null],
];
const Fields = ['aiSystemId', 'title', 'reviewDate', 'impacts', ...Describe.map((d) => d[0])];

const useStyles = makeStyles({
  form: { display: 'grid', gap: tokens.spacingVerticalM, gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))' },
});

const list = (text: string) => text.split(';').map((s) => s.trim()).filter(Boolean);

/** Impact assessments (6.1.4, 8.4, A.5): the register, and a draft written as ISO/IEC 42005 describes it, then submitted for independent review in Teams. */
export function AssessmentsPage() {
  const styles = useStyles();
  const [items, setItems] = useState<Assessment[] | null>(null);
  const [systems, setSystems] = useState<AiSystem[]>([]);
  const [form, setForm] = useState<Record<string, string>>({});
  const [harm, setHarm] = useState<Record<string, string>>({});
  const [draft, setDraft] = useState<Assessment | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => { setItems((await get<{ items: Assessment[] }>('impact-assessments')).data.items); }, []);
  useEffect(() => { load().catch(setError); }, [load]);
  useEffect(() => { get<Page<AiSystem>>('systems', { pageSize: 200 }).then((a) => setSystems(a.data.items), () => setSystems([])); }, []);
  const set = (k: string) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [k]: d.value }));
  const setH = (k: string) => (_: unknown, d: { value: string }) => setHarm((f) => ({ ...f, [k]: d.value }));

  function body() {
    const text = (k: string) => (form[k] ?? '').trim() || null;
    return {
      aiSystemId: text('aiSystemId'), title: text('title'), reviewDate: text('reviewDate'), ...Object.fromEntries(Describe.map(([k]) => [k, text(k)])),
      impacts: [{
        scope: harm.scope || null, description: harm.description ?? '', severity: harm.severity || null, affectedParties: list(harm.affectedParties ?? ''),
        likelihood: harm.likelihood ? Number(harm.likelihood) : null, reversibility: harm.reversibility || null, scale: harm.scale || null,
        measures: (harm.measures ?? '').trim() || null, riskIds: list(harm.riskIds ?? ''), controls: list(harm.controls ?? ''),
      }],
    };
  }

  async function save() {
    setMessage(null);
    try {
      const answer = draft
        ? await call<Assessment>('PUT', `impact-assessments/${encodeURIComponent(draft.id)}`, { body: body() })
        : await call<Assessment>('POST', 'impact-assessments', { body: body() });
      setDraft(answer.data); setError(null);
      await load();
      setMessage(`Draft ${answer.data.id} saved.`);
    } catch (e) { setError(e); }
  }

  async function submit() {
    if (!draft) return;
    setMessage(null);
    try {
      const answer = await call<Assessment>('POST', `impact-assessments/${encodeURIComponent(draft.id)}/submit`);
      setError(null); setDraft(null); setForm({}); setHarm({});
      await load();
      setMessage(`${answer.data.id} submitted: an independent reviewer gets it in Teams.`);
    } catch (e) { setError(e); }
  }

  return (
    <>
      <Title2 as="h1">Impact assessments</Title2>
      <Section id="a-list" title="Register" loading={items === null && !error}>
        <Scroll label="Impact assessments">
          <Table size="small" aria-label="Impact assessments">
            <TableHeader><TableRow><TableHeaderCell>Assessment</TableHeaderCell><TableHeaderCell>AI system</TableHeaderCell><TableHeaderCell>Version</TableHeaderCell><TableHeaderCell>State</TableHeaderCell><TableHeaderCell>Highest severity</TableHeaderCell></TableRow></TableHeader>
            <TableBody>{(items ?? []).map((a) => <TableRow key={a.id}><TableCell>{a.id}: {a.title}</TableCell><TableCell>{a.aiSystemId}</TableCell><TableCell>{a.version}</TableCell><TableCell>{a.state}</TableCell><TableCell>{a.highestSeverity}</TableCell></TableRow>)}</TableBody>
          </Table>
        </Scroll>
      </Section>
      <Section id="a-form" title={draft ? `Draft ${draft.id}` : 'New assessment'}>
        <FormProblems error={error} fields={Fields} />
        {message && <Text role="status">{message}</Text>}
        <form className={styles.form} aria-label="Impact assessment" noValidate onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <Field label="AI system" required validationMessage={fieldError(error, 'aiSystemId')}>
            <Select value={form.aiSystemId ?? ''} onChange={set('aiSystemId')} disabled={Boolean(draft)}>
              <option value="">Choose…</option>{systems.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </Select>
          </Field>
          <Field label="Title" required validationMessage={fieldError(error, 'title')}><Input value={form.title ?? ''} onChange={set('title')} /></Field>
          {Describe.map(([k, label]) => (
            <Field key={k} label={label} validationMessage={fieldError(error, k)}><Textarea value={form[k] ?? ''} onChange={set(k)} /></Field>
          ))}
          <Field label="Next review" validationMessage={fieldError(error, 'reviewDate')}><Input type="date" value={form.reviewDate ?? ''} onChange={set('reviewDate')} /></Field>
          {Harm.map(([k, label, options]) => (
            <Field key={k} label={`Harm: ${label}`} validationMessage={fieldError(error, `impacts[0].${k}`)}>
              {options
                ? <Select value={harm[k] ?? ''} onChange={setH(k)}><option value="">Choose…</option>{options.map((o) => <option key={o}>{o}</option>)}</Select>
                : <Input value={harm[k] ?? ''} onChange={setH(k)} />}
            </Field>
          ))}
          <div><Button appearance="primary" type="submit">{draft ? 'Save the draft' : 'Create the draft'}</Button></div>
        </form>
        {draft && <div><Button onClick={() => void submit()}>Submit for review</Button></div>}
      </Section>
    </>
  );
}
