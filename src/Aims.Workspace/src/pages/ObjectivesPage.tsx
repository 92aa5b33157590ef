import { useCallback, useEffect, useState } from 'react';
import {
  Badge, Button, Field, Input, Link, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Textarea, Title2,
} from '@fluentui/react-components';
import { call, fieldError, get, nullIfBlank, requestId, type Page } from '../api';
import type { Me } from '../auth';
import { has } from '../roles';
import { follow, href, navigate } from '../router';
import { Scroll } from '../components/Scroll';
import { Section } from '../components/Section';
import { useFormStyles } from '../components/formStyles';
import { FormProblems } from '../components/FormProblems';
import { PersonPicker, namePeople, personName } from '../components/PersonPicker';

interface Measurement { id: string; value: number; at: string; note?: string | null; recordedByName?: string | null; onTarget?: boolean }
interface ObjectiveRecord {
  id: string; title: string; description: string; metric: string; target: number; direction: string; unit: string; ownerObjectId: string;
  frequencyDays: number; source: string; aiSystemId?: string | null; controls: string[]; retired: boolean; targetText: string;
  latest?: { value: number; onTarget: boolean; at?: string } | null; openBreach?: unknown | null;
}
interface ObjectiveDetail { objective: ObjectiveRecord; measurements: Measurement[] }

const ObjectiveFields = ['title', 'description', 'metric', 'target', 'direction', 'unit', 'ownerObjectId', 'frequencyDays', 'source', 'aiSystemId', 'validMin', 'validMax', 'controls'];
const MeasurementFields = ['value', 'at', 'note'];
const blank = { title: '', description: '', metric: '', target: '', direction: 'AtLeast', unit: '', frequencyDays: '30', source: 'Manual', aiSystemId: '', validMin: '', validMax: '', controls: '' };

/** AI objectives (6.2) and their measurements (9.1): the list with where each stands, one objective's history, and a new objective. */
export function ObjectivesPage({ route, me }: { route: string; me: Me }) {
  const id = route.split('/')[2];
  return id ? <ObjectiveDetailView id={decodeURIComponent(id)} me={me} /> : <ObjectiveList me={me} />;
}

function ObjectiveList({ me }: { me: Me }) {
  const styles = useFormStyles();
  const [items, setItems] = useState<ObjectiveRecord[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [form, setForm] = useState<Record<string, string>>(blank);
  const [owner, setOwner] = useState<string[]>([me.objectId]);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    const list = (await get<Page<ObjectiveRecord>>('objectives')).data.items;
    await namePeople(list.map((o) => o.ownerObjectId)).catch(() => undefined);
    setItems(list);
  }, []);
  useEffect(() => { load().catch(setLoadError); }, [load]);
  const set = (k: string) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [k]: d.value }));

  async function create() {
    const body = { ...nullIfBlank(form), ownerObjectId: owner[0] ?? null, controls: form.controls.split(/[,;\s]+/).filter(Boolean) };
    try {
      const answer = await call<ObjectiveRecord>('POST', 'objectives', { body });
      setError(null);
      navigate(`/objectives/${encodeURIComponent(answer.data.id)}`);
    } catch (e) { setError(e); }
  }

  return (
    <>
      <Title2 as="h1">AI objectives</Title2>
      <Section id="o-list" title="Objectives and where they stand" loading={!items && !loadError} error={loadError}>
        <Scroll label="Objectives">
          <Table size="small" aria-label="Objectives">
            <TableHeader><TableRow>
              <TableHeaderCell>Objective</TableHeaderCell><TableHeaderCell>Target</TableHeaderCell><TableHeaderCell>Latest</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell><TableHeaderCell>Owner</TableHeaderCell><TableHeaderCell>Source</TableHeaderCell>
            </TableRow></TableHeader>
            <TableBody>{(items ?? []).filter((o) => !o.retired).map((o) => (
              <TableRow key={o.id}>
                <TableCell><Link href={href(`/objectives/${encodeURIComponent(o.id)}`)} onClick={follow(`/objectives/${encodeURIComponent(o.id)}`)}>{o.id}: {o.title}</Link></TableCell>
                <TableCell>{o.targetText}</TableCell>
                <TableCell>{o.latest ? `${o.latest.value} ${o.unit}` : 'not measured yet'}</TableCell>
                <TableCell>{o.latest ? <Badge appearance="tint" color={o.latest.onTarget ? 'success' : 'danger'}>{o.latest.onTarget ? 'On target' : 'Off target'}</Badge> : <Text>No data</Text>}</TableCell>
                <TableCell>{personName(o.ownerObjectId)}</TableCell>
                <TableCell>{o.source}</TableCell>
              </TableRow>
            ))}</TableBody>
          </Table>
        </Scroll>
      </Section>
      {has(me.roles, 'AimsManager') && (
        <Section id="o-new" title="Set a new objective">
          <FormProblems error={error} fields={ObjectiveFields} />
          <form className={styles.form} aria-label="New objective" noValidate onSubmit={(e) => { e.preventDefault(); void create(); }}>
            <Field label="Title" required validationMessage={fieldError(error, 'title')}><Input value={form.title} onChange={set('title')} /></Field>
            <Field label="Description" validationMessage={fieldError(error, 'description')}><Textarea value={form.description} onChange={set('description')} /></Field>
            <Field label="Metric" required validationMessage={fieldError(error, 'metric')} hint="A short name of what is measured."><Input value={form.metric} onChange={set('metric')} /></Field>
            <Field label="Direction" required validationMessage={fieldError(error, 'direction')}>
              <Select value={form.direction} onChange={set('direction')}><option value="AtLeast">At least</option><option value="AtMost">At most</option></Select>
            </Field>
            <Field label="Target" required validationMessage={fieldError(error, 'target')}><Input inputMode="decimal" value={form.target} onChange={set('target')} /></Field>
            <Field label="Unit" required validationMessage={fieldError(error, 'unit')}><Input value={form.unit} onChange={set('unit')} /></Field>
            <PersonPicker label="Owner" required value={owner} onChange={setOwner} validationMessage={fieldError(error, 'ownerObjectId')} />
            <Field label="Measured every (days)" required validationMessage={fieldError(error, 'frequencyDays')}><Input inputMode="numeric" value={form.frequencyDays} onChange={set('frequencyDays')} /></Field>
            <Field label="Source of measurements" required validationMessage={fieldError(error, 'source')}>
              <Select value={form.source} onChange={set('source')}><option>Manual</option><option>Monitoring</option><option>Computed</option></Select>
            </Field>
            <Field label="AI system (id, optional)" validationMessage={fieldError(error, 'aiSystemId')}><Input value={form.aiSystemId} onChange={set('aiSystemId')} /></Field>
            <Field label="Lowest valid value" validationMessage={fieldError(error, 'validMin')}><Input inputMode="decimal" value={form.validMin} onChange={set('validMin')} /></Field>
            <Field label="Highest valid value" validationMessage={fieldError(error, 'validMax')}><Input inputMode="decimal" value={form.validMax} onChange={set('validMax')} /></Field>
            <Field label="Annex A controls (separated by commas)" validationMessage={fieldError(error, 'controls')}><Input value={form.controls} onChange={set('controls')} /></Field>
            <div><Button appearance="primary" type="submit">Set the objective</Button></div>
          </form>
        </Section>
      )}
    </>
  );
}

function ObjectiveDetailView({ id, me }: { id: string; me: Me }) {
  const styles = useFormStyles();
  const [detail, setDetail] = useState<ObjectiveDetail | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [form, setForm] = useState<Record<string, string>>({ value: '', at: '', note: '' });
  const [pending, setPending] = useState(requestId);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const load = useCallback(async () => {
    const d = (await get<ObjectiveDetail>(`objectives/${encodeURIComponent(id)}`)).data;
    await namePeople([d.objective.ownerObjectId]).catch(() => undefined);
    setDetail(d);
  }, [id]);
  useEffect(() => { load().catch(setLoadError); }, [load]);
  const set = (k: string) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [k]: d.value }));
  const o = detail?.objective;
  const mayMeasure = o && o.source !== 'Computed' && !o.retired && (has(me.roles, 'AimsManager') || o.ownerObjectId === me.objectId);

  async function measure() {
    setSaved(null);
    const at = form.at ? new Date(`${form.at}T12:00:00Z`).toISOString() : null;
    try {
      // The id makes a retried save one measurement; a new one is drawn after each success.
      await call('POST', `objectives/${encodeURIComponent(id)}/measurements`, { body: { value: form.value.trim() === '' ? null : form.value.trim(), at, note: form.note.trim() || null, id: pending } });
      setError(null); setPending(requestId()); setForm({ value: '', at: '', note: '' });
      await load();
      setSaved('Measurement recorded.');
    } catch (e) { setError(e); }
  }

  return (
    <>
      <Title2 as="h1">{o ? `${o.id}: ${o.title}` : `Objective ${id}`}</Title2>
      <Link href={href('/objectives')} onClick={follow('/objectives')}>All objectives</Link>
      <Section id="o-facts" title="The objective" loading={!detail && !loadError} error={loadError}>
        {o && <>
          <Text>{o.description}</Text>
          <Text>Target {o.targetText}, measured every {o.frequencyDays} days ({o.source.toLowerCase()}), owned by {personName(o.ownerObjectId)}{o.aiSystemId ? `, for ${o.aiSystemId}` : ''}.</Text>
          <Text>{o.latest ? `Latest: ${o.latest.value} ${o.unit}, ${o.latest.onTarget ? 'on target' : 'off target'}.` : 'Not measured yet.'}</Text>
        </>}
      </Section>
      <Section id="o-history" title="Measurements" loading={!detail && !loadError}>
        {(detail?.measurements ?? []).length === 0 ? <Text>No measurement recorded yet.</Text> : (
          <Scroll label="Measurements">
            <Table size="small" aria-label="Measurements">
              <TableHeader><TableRow><TableHeaderCell>When</TableHeaderCell><TableHeaderCell>Value</TableHeaderCell><TableHeaderCell>Note</TableHeaderCell></TableRow></TableHeader>
              <TableBody>{[...detail!.measurements].reverse().map((m) => (
                <TableRow key={m.id}><TableCell>{m.at.slice(0, 10)}</TableCell><TableCell>{m.value} {o?.unit}</TableCell><TableCell>{m.note ?? ''}</TableCell></TableRow>
              ))}</TableBody>
            </Table>
          </Scroll>
        )}
      </Section>
      {mayMeasure && (
        <Section id="o-measure" title="Record a measurement">
          <FormProblems error={error} fields={MeasurementFields} />
          {saved && <Text role="status">{saved}</Text>}
          <form className={styles.form} aria-label="New measurement" noValidate onSubmit={(e) => { e.preventDefault(); void measure(); }}>
            <Field label={`Value (${o!.unit})`} required validationMessage={fieldError(error, 'value')}><Input inputMode="decimal" value={form.value} onChange={set('value')} /></Field>
            <Field label="Measured on" validationMessage={fieldError(error, 'at')} hint="Today when left empty."><Input type="date" value={form.at} onChange={set('at')} /></Field>
            <Field label="Note" validationMessage={fieldError(error, 'note')}><Textarea value={form.note} onChange={set('note')} /></Field>
            <div><Button appearance="primary" type="submit">Record the measurement</Button></div>
          </form>
        </Section>
      )}
    </>
  );
}
