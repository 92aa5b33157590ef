import { useCallback, useEffect, useState } from 'react';
import {
  Button, Field, Input, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Textarea, Title2, makeStyles, tokens,
} from '@fluentui/react-components';
import { call, fieldError, get } from '../api';
import type { Me } from '../auth';
import { has } from '../roles';
import { Scroll } from '../components/Scroll';
import { Section } from '../components/Section';
import { FormProblems } from '../components/FormProblems';

interface Issue { id: string; title: string; origin: string; category: string; description: string; effectOnAims?: string | null; active: boolean }
interface Party { id: string; name: string; origin: string; needs: string[]; addressedByAims: string[]; active: boolean }
interface Boundary { kind: string; name: string; included: boolean; reason: string }
interface ContextRegister { issues: Issue[]; interestedParties: Party[]; scope?: { statement: string; boundaries: Boundary[] } | null }

const Origins = ['Internal', 'External'];
const Categories = ['Regulatory', 'Legal', 'Customer', 'Technical', 'Ethical', 'Organisational', 'Competitive', 'Environmental', 'Other'];
const IssueFields = ['title', 'origin', 'category', 'description', 'effectOnAims'];
const empty = { title: '', origin: '', category: '', description: '', effectOnAims: '' };

const useStyles = makeStyles({
  form: { display: 'grid', gap: tokens.spacingVerticalM, gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))' },
});

/** The context of the organisation (4.1), its interested parties (4.2) and the AIMS scope (4.3); AIMS managers add issues here. */
export function ContextPage({ me }: { me: Me }) {
  const styles = useStyles();
  const [register, setRegister] = useState<ContextRegister | null>(null);
  const [form, setForm] = useState<Record<string, string>>(empty);
  const [error, setError] = useState<unknown>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const load = useCallback(async () => { setRegister((await get<ContextRegister>('context')).data); }, []);
  useEffect(() => { load().catch(setLoadError); }, [load]);
  const set = (k: string) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [k]: d.value }));

  async function add() {
    setSaved(null);
    const body = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v.trim() === '' ? null : v]));
    try {
      const answer = await call<Issue>('POST', 'context/issues', { body });
      setError(null); setForm(empty);
      await load();
      setSaved(`Added ${answer.data.id}: ${answer.data.title}.`);
    } catch (e) { setError(e); }
  }

  return (
    <>
      <Title2 as="h1">Context of the organisation</Title2>
      <Section id="c-scope" title="Scope of the AIMS" loading={!register && !loadError} error={loadError}>
        <Text>{register?.scope?.statement ?? 'No scope statement recorded.'}</Text>
        {(register?.scope?.boundaries ?? []).length > 0 && (
          <Scroll label="Scope boundaries">
            <Table size="small" aria-label="Scope boundaries">
              <TableHeader><TableRow><TableHeaderCell>Kind</TableHeaderCell><TableHeaderCell>Name</TableHeaderCell><TableHeaderCell>In scope</TableHeaderCell><TableHeaderCell>Why</TableHeaderCell></TableRow></TableHeader>
              <TableBody>{register!.scope!.boundaries.map((b, i) => <TableRow key={i}><TableCell>{b.kind}</TableCell><TableCell>{b.name}</TableCell><TableCell>{b.included ? 'Yes' : 'No'}</TableCell><TableCell>{b.reason}</TableCell></TableRow>)}</TableBody>
            </Table>
          </Scroll>
        )}
      </Section>
      <Section id="c-issues" title="Internal and external issues" loading={!register && !loadError}>
        <Scroll label="Issues">
          <Table size="small" aria-label="Issues">
            <TableHeader><TableRow><TableHeaderCell>Issue</TableHeaderCell><TableHeaderCell>Origin</TableHeaderCell><TableHeaderCell>Category</TableHeaderCell><TableHeaderCell>Effect on the AIMS</TableHeaderCell><TableHeaderCell>Active</TableHeaderCell></TableRow></TableHeader>
            <TableBody>{(register?.issues ?? []).map((i) => (
              <TableRow key={i.id}><TableCell>{i.id}: {i.title}</TableCell><TableCell>{i.origin}</TableCell><TableCell>{i.category}</TableCell><TableCell>{i.effectOnAims ?? ''}</TableCell><TableCell>{i.active ? 'Yes' : 'No'}</TableCell></TableRow>
            ))}</TableBody>
          </Table>
        </Scroll>
      </Section>
      <Section id="c-parties" title="Interested parties" loading={!register && !loadError}>
        <ul>{(register?.interestedParties ?? []).map((p) => <li key={p.id}>{p.name} ({p.origin}): needs {p.needs.join('; ') || 'none stated'}; the AIMS addresses {p.addressedByAims.join('; ') || 'none yet'}</li>)}</ul>
      </Section>
      {has(me.roles, 'AimsManager') && (
        <Section id="c-add" title="Add an issue">
          <FormProblems error={error} fields={IssueFields} />
          {saved && <Text role="status">{saved}</Text>}
          <form className={styles.form} aria-label="New issue" noValidate onSubmit={(e) => { e.preventDefault(); void add(); }}>
            <Field label="Title" required validationMessage={fieldError(error, 'title')}><Input value={form.title} onChange={set('title')} /></Field>
            <Field label="Origin" required validationMessage={fieldError(error, 'origin')}>
              <Select value={form.origin} onChange={set('origin')}><option value="">Choose…</option>{Origins.map((o) => <option key={o}>{o}</option>)}</Select>
            </Field>
            <Field label="Category" required validationMessage={fieldError(error, 'category')}>
              <Select value={form.category} onChange={set('category')}><option value="">Choose…</option>{Categories.map((o) => <option key={o}>{o}</option>)}</Select>
            </Field>
            <Field label="Description" required validationMessage={fieldError(error, 'description')}><Textarea value={form.description} onChange={set('description')} /></Field>
            <Field label="Effect on the AIMS" validationMessage={fieldError(error, 'effectOnAims')}><Textarea value={form.effectOnAims} onChange={set('effectOnAims')} /></Field>
            <div><Button appearance="primary" type="submit">Add the issue</Button></div>
          </form>
        </Section>
      )}
    </>
  );
}
