import { useCallback, useEffect, useState } from 'react';
import {
  Badge, Button, Field, Input, Link, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Textarea, Title2,
} from '@fluentui/react-components';
import { call, fieldError, get, requestId, type Page } from '../api';
import type { Me } from '../auth';
import { has } from '../roles';
import { follow, href, navigate } from '../router';
import { Scroll } from '../components/Scroll';
import { Section } from '../components/Section';
import { useFormStyles } from '../components/formStyles';
import { FormProblems } from '../components/FormProblems';
import { PersonPicker, namePeople, personName } from '../components/PersonPicker';

interface Finding { id: string; type: string; reference: string; text: string; byObjectId: string; at: string; nonconformityId?: string | null }
interface Audit {
  id: string; title: string; scope: string[]; plannedDate: string; auditorObjectId: string; auditeeObjectId: string;
  findings: Finding[]; status: string; completedAt?: string | null;
}

const FindingTypes = [['MajorNonconformity', 'Major nonconformity'], ['MinorNonconformity', 'Minor nonconformity'], ['Observation', 'Observation'], ['OpportunityForImprovement', 'Opportunity for improvement']];
const PlanFields = ['title', 'scope', 'plannedDate', 'auditorObjectId', 'auditeeObjectId'];
const FindingFields = ['type', 'reference', 'text'];

/** The internal audit programme (9.2): audits planned by the AIMS manager, findings recorded by their auditor, nonconformities opening reports. */
export function AuditsPage({ route, me }: { route: string; me: Me }) {
  const id = route.split('/')[2];
  const [audits, setAudits] = useState<Audit[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const load = useCallback(async () => {
    const items = (await get<Page<Audit>>('internal-audits')).data.items;
    await namePeople(items.flatMap((a) => [a.auditorObjectId, a.auditeeObjectId])).catch(() => undefined);
    setAudits(items);
  }, []);
  useEffect(() => { load().catch(setLoadError); }, [load]);

  if (id) {
    const audit = audits?.find((a) => a.id === decodeURIComponent(id));
    return (
      <>
        <Title2 as="h1">{audit ? `${audit.id}: ${audit.title}` : `Audit ${decodeURIComponent(id)}`}</Title2>
        <Link href={href('/audits')} onClick={follow('/audits')}>The audit programme</Link>
        {audit ? <AuditDetail audit={audit} me={me} reload={load} />
          : <Section id="a-missing" title="The audit" loading={!audits && !loadError} error={loadError}><Text>No such audit.</Text></Section>}
      </>
    );
  }
  return (
    <>
      <Title2 as="h1">Internal audits</Title2>
      <Section id="a-list" title="The audit programme" loading={!audits && !loadError} error={loadError}>
        <Scroll label="Audit programme">
          <Table size="small" aria-label="Internal audits">
            <TableHeader><TableRow>
              <TableHeaderCell>Audit</TableHeaderCell><TableHeaderCell>Scope</TableHeaderCell><TableHeaderCell>Planned</TableHeaderCell>
              <TableHeaderCell>Auditor</TableHeaderCell><TableHeaderCell>Findings</TableHeaderCell><TableHeaderCell>Status</TableHeaderCell>
            </TableRow></TableHeader>
            <TableBody>{(audits ?? []).map((a) => (
              <TableRow key={a.id}>
                <TableCell><Link href={href(`/audits/${encodeURIComponent(a.id)}`)} onClick={follow(`/audits/${encodeURIComponent(a.id)}`)}>{a.id}: {a.title}</Link></TableCell>
                <TableCell>{a.scope.join(', ')}</TableCell>
                <TableCell>{a.plannedDate}</TableCell>
                <TableCell>{personName(a.auditorObjectId)}</TableCell>
                <TableCell>{a.findings.length}</TableCell>
                <TableCell><Badge appearance="tint" color={a.status === 'Completed' ? 'success' : 'informative'}>{a.status}</Badge></TableCell>
              </TableRow>
            ))}</TableBody>
          </Table>
        </Scroll>
      </Section>
      {has(me.roles, 'AimsManager') && <PlanAudit me={me} onPlanned={(a) => void load().then(() => navigate(`/audits/${encodeURIComponent(a.id)}`), setLoadError)} />}
    </>
  );
}

function PlanAudit({ me, onPlanned }: { me: Me; onPlanned: (a: Audit) => void }) {
  const styles = useFormStyles();
  const [form, setForm] = useState({ title: '', scope: '', plannedDate: '' });
  const [auditor, setAuditor] = useState<string[]>([]);
  const [auditee, setAuditee] = useState<string[]>([me.objectId]);
  const [error, setError] = useState<unknown>(null);
  const set = (k: string) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [k]: d.value }));
  async function plan() {
    const body = {
      title: form.title.trim() || null, scope: form.scope.split(/[,;\s]+/).filter(Boolean), plannedDate: form.plannedDate || null,
      auditorObjectId: auditor[0] ?? null, auditeeObjectId: auditee[0] ?? null,
    };
    try { onPlanned((await call<Audit>('POST', 'internal-audits', { body })).data); } catch (e) { setError(e); }
  }
  return (
    <Section id="a-plan" title="Plan an audit">
      <FormProblems error={error} fields={PlanFields} />
      <form className={styles.form} aria-label="Plan an audit" noValidate onSubmit={(e) => { e.preventDefault(); void plan(); }}>
        <Field label="Title" required validationMessage={fieldError(error, 'title')}><Input value={form.title} onChange={set('title')} /></Field>
        <Field label="Scope (clauses and controls, separated by commas)" required validationMessage={fieldError(error, 'scope')}><Input value={form.scope} onChange={set('scope')} /></Field>
        <Field label="Planned for" required validationMessage={fieldError(error, 'plannedDate')}><Input type="date" value={form.plannedDate} onChange={set('plannedDate')} /></Field>
        <PersonPicker label="Auditor" required value={auditor} onChange={setAuditor} validationMessage={fieldError(error, 'auditorObjectId')} hint="Independent of the area audited (9.2.2)." />
        <PersonPicker label="Auditee" required value={auditee} onChange={setAuditee} validationMessage={fieldError(error, 'auditeeObjectId')} />
        <div><Button appearance="primary" type="submit">Plan the audit</Button></div>
      </form>
    </Section>
  );
}

function AuditDetail({ audit: a, me, reload }: { audit: Audit; me: Me; reload: () => Promise<void> }) {
  const styles = useFormStyles();
  const [form, setForm] = useState({ type: '', reference: '', text: '' });
  const [pending, setPending] = useState(requestId);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const set = (k: string) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [k]: d.value }));
  const auditor = has(me.roles, 'Auditor') && a.auditorObjectId === me.objectId && a.status !== 'Completed';
  const base = `internal-audits/${encodeURIComponent(a.id)}`;

  async function record() {
    setStatus(null);
    try {
      await call('POST', `${base}/findings`, { body: { type: form.type || null, reference: form.reference.trim() || null, text: form.text.trim() || null }, headers: { 'Idempotency-Key': pending } });
      setError(null); setPending(requestId()); setForm({ type: '', reference: '', text: '' });
      await reload();
      setStatus('Finding recorded.');
    } catch (e) { setError(e); }
  }
  async function complete() {
    setStatus(null);
    try { await call('POST', `${base}/complete`); setError(null); await reload(); setStatus('Audit completed.'); } catch (e) { setError(e); }
  }

  return (
    <>
      {status && <Text role="status">{status}</Text>}
      <Section id="a-facts" title="The audit">
        <Text>Scope {a.scope.join(', ')}, planned for {a.plannedDate}; auditor {personName(a.auditorObjectId)}, auditee {personName(a.auditeeObjectId)}; {a.status.toLowerCase()}{a.completedAt ? ` on ${a.completedAt.slice(0, 10)}` : ''}.</Text>
      </Section>
      <Section id="a-findings" title="Findings">
        {a.findings.length === 0 ? <Text>No finding recorded yet.</Text> : (
          <Scroll label="Findings">
            <Table size="small" aria-label="Findings">
              <TableHeader><TableRow><TableHeaderCell>Finding</TableHeaderCell><TableHeaderCell>Type</TableHeaderCell><TableHeaderCell>Against</TableHeaderCell><TableHeaderCell>Report</TableHeaderCell></TableRow></TableHeader>
              <TableBody>{a.findings.map((f) => (
                <TableRow key={f.id}>
                  <TableCell>{f.text}</TableCell><TableCell>{FindingTypes.find(([v]) => v === f.type)?.[1] ?? f.type}</TableCell><TableCell>{f.reference}</TableCell>
                  <TableCell>{f.nonconformityId ? <Link href={href(`/reports/${encodeURIComponent(f.nonconformityId)}`)} onClick={follow(`/reports/${encodeURIComponent(f.nonconformityId)}`)}>{f.nonconformityId}</Link> : ''}</TableCell>
                </TableRow>
              ))}</TableBody>
            </Table>
          </Scroll>
        )}
      </Section>
      {auditor && (
        <Section id="a-record" title="Record a finding">
          <FormProblems error={error} fields={FindingFields} />
          <form className={styles.form} aria-label="New finding" noValidate onSubmit={(e) => { e.preventDefault(); void record(); }}>
            <Field label="Type of finding" required validationMessage={fieldError(error, 'type')}>
              <Select value={form.type} onChange={set('type')}><option value="">Choose…</option>{FindingTypes.map(([v, t]) => <option key={v} value={v}>{t}</option>)}</Select>
            </Field>
            <Field label="Clause or control" required validationMessage={fieldError(error, 'reference')}><Input value={form.reference} onChange={set('reference')} /></Field>
            <Field label="What was found" required validationMessage={fieldError(error, 'text')}><Textarea value={form.text} onChange={set('text')} /></Field>
            <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
              <Button appearance="primary" type="submit">Record the finding</Button>
              <Button onClick={() => void complete()}>Complete the audit</Button>
            </div>
          </form>
        </Section>
      )}
    </>
  );
}
