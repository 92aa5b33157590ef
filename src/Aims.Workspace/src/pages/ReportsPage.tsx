import { useCallback, useEffect, useState } from 'react';
import {
  Badge, Button, Field, Input, Link, Radio, RadioGroup, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Textarea,
  Title2,
} from '@fluentui/react-components';
import { call, fieldError, get, type Page } from '../api';
import type { Me } from '../auth';
import { has } from '../roles';
import { follow, href } from '../router';
import { Scroll } from '../components/Scroll';
import { Section } from '../components/Section';
import { useFormStyles } from '../components/formStyles';
import { FormProblems } from '../components/FormProblems';
import { PersonPicker, namePeople, personName } from '../components/PersonPicker';

interface Report {
  id: string; title: string; description: string; kind: string; aiSystemId?: string | null; anonymous: boolean; reporterName: string;
  createdAt: string; ownerObjectId?: string | null; severity?: string | null; status: string; closedAt?: string | null;
  correction?: { description: string; recordedByName: string; recordedAt: string } | null;
  correctiveActionRecord?: {
    rootCause: string; description: string; ownerObjectId: string; dueDate: string; recordedBy: string; recordedByName: string;
    completedAt?: string | null; completionNote?: string | null;
  } | null;
  similarCheck?: { reviewedReportIds: string[]; conclusion: string; recordedByName: string } | null;
  effectiveness?: { effective: boolean; note: string; reviewedByName: string; reviewedAt: string } | null;
}

/** Reports, nonconformities and their corrective actions (10.2): the list, then one report's correction, corrective action, check for similar ones and effectiveness review. */
export function ReportsPage({ route, me }: { route: string; me: Me }) {
  const id = route.split('/')[2];
  const [reports, setReports] = useState<Report[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const load = useCallback(async () => {
    const items = (await get<Page<Report>>('reports')).data.items;
    await namePeople(items.flatMap((r) => [r.ownerObjectId ?? '', r.correctiveActionRecord?.ownerObjectId ?? ''])).catch(() => undefined);
    setReports(items);
  }, []);
  useEffect(() => { load().catch(setLoadError); }, [load]);
  const report = id ? reports?.find((r) => r.id === decodeURIComponent(id)) : undefined;

  if (id) {
    return (
      <>
        <Title2 as="h1">{report ? `${report.id}: ${report.title}` : `Report ${decodeURIComponent(id)}`}</Title2>
        <Link href={href('/reports')} onClick={follow('/reports')}>All reports</Link>
        {report ? <ReportDetail report={report} reports={reports!} me={me} reload={load} />
          : <Section id="rp-missing" title="The report" loading={!reports && !loadError} error={loadError}><Text>No such report.</Text></Section>}
      </>
    );
  }
  return (
    <>
      <Title2 as="h1">Reports and corrective actions</Title2>
      <Section id="rp-list" title="Concerns, incidents and nonconformities" loading={!reports && !loadError} error={loadError}>
        {(reports ?? []).length === 0 ? <Text>No report yet. Anyone reports with "report" in the AIMS chat; audits record nonconformities.</Text> : (
          <Scroll label="Reports">
            <Table size="small" aria-label="Reports">
              <TableHeader><TableRow>
                <TableHeaderCell>Report</TableHeaderCell><TableHeaderCell>Kind</TableHeaderCell><TableHeaderCell>Severity</TableHeaderCell>
                <TableHeaderCell>Corrective action</TableHeaderCell><TableHeaderCell>Status</TableHeaderCell>
              </TableRow></TableHeader>
              <TableBody>{reports!.map((r) => (
                <TableRow key={r.id}>
                  <TableCell><Link href={href(`/reports/${encodeURIComponent(r.id)}`)} onClick={follow(`/reports/${encodeURIComponent(r.id)}`)}>{r.id}: {r.title}</Link></TableCell>
                  <TableCell>{r.kind}</TableCell>
                  <TableCell>{r.severity ?? 'not rated'}</TableCell>
                  <TableCell>{r.correctiveActionRecord ? `${personName(r.correctiveActionRecord.ownerObjectId)}, due ${r.correctiveActionRecord.dueDate}${r.correctiveActionRecord.completedAt ? ', done' : ''}` : 'none yet'}</TableCell>
                  <TableCell><Badge appearance="tint" color={r.status === 'Closed' ? 'success' : 'warning'}>{r.status}</Badge></TableCell>
                </TableRow>
              ))}</TableBody>
            </Table>
          </Scroll>
        )}
      </Section>
      {!has(me.roles, 'AimsManager') && <Text>AIMS managers handle reports; top management reviews corrective actions' effectiveness.</Text>}
    </>
  );
}

function ReportDetail({ report: r, reports, me, reload }: { report: Report; reports: Report[]; me: Me; reload: () => Promise<void> }) {
  const styles = useFormStyles();
  // One refusal per form: two forms here share field names (description), and each must show only its own.
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  const [status, setStatus] = useState<string | null>(null);
  const [form, setForm] = useState<Record<string, string>>({ correction: '', rootCause: '', description: '', dueDate: '', note: '', similar: '', conclusion: '', effectiveNote: '' });
  const [owner, setOwner] = useState<string[]>([]);
  const [effective, setEffective] = useState('');
  const set = (k: string) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [k]: d.value }));
  const manager = has(me.roles, 'AimsManager');
  const action = r.correctiveActionRecord;
  const base = `reports/${encodeURIComponent(r.id)}`;

  async function send(path: string, body: unknown, done: string) {
    setStatus(null);
    try {
      await call('POST', `${base}/${path}`, { body });
      setErrors((x) => ({ ...x, [path]: null }));
      await reload();
      setStatus(done);
    } catch (e) { setErrors((x) => ({ ...x, [path]: e })); }
  }
  const problems = (path: string, fields: string[]) => <FormProblems error={errors[path]} fields={fields} />;

  return (
    <>
      {status && <Text role="status">{status}</Text>}
      <Section id="rp-facts" title="What was reported">
        <Text>{r.kind} reported {r.createdAt.slice(0, 10)} by {r.reporterName}{r.aiSystemId ? ` about ${r.aiSystemId}` : ''}; severity {r.severity ?? 'not rated'}; {r.status.toLowerCase()}.</Text>
        <Text>{r.description}</Text>
      </Section>
      <Section id="rp-correction" title="Correction (what was done at once)">
        {r.correction ? <Text>{r.correction.description} ({r.correction.recordedByName}, {r.correction.recordedAt.slice(0, 10)})</Text>
          : manager ? (
            <>{problems('correction', ['description'])}<form className={styles.form} aria-label="Correction" noValidate onSubmit={(e) => { e.preventDefault(); void send('correction', { description: form.correction.trim() || null }, 'Correction recorded.'); }}>
              <Field label="Correction" required validationMessage={fieldError(errors['correction'], 'description')}><Textarea value={form.correction} onChange={set('correction')} /></Field>
              <div><Button appearance="primary" type="submit">Record the correction</Button></div>
            </form></>
          ) : <Text>None recorded yet.</Text>}
      </Section>
      <Section id="rp-action" title="Corrective action (removing the cause)">
        {action ? (
          <>
            <Text>Root cause: {action.rootCause}</Text>
            <Text>{action.description}: {personName(action.ownerObjectId)}, due {action.dueDate}; recorded by {action.recordedByName}.</Text>
            <Text>{action.completedAt ? `Done ${action.completedAt.slice(0, 10)}: ${action.completionNote ?? ''}` : 'Not done yet.'}</Text>
            {!action.completedAt && (manager || action.ownerObjectId === me.objectId) && (
              <>{problems('corrective-action/complete', ['note'])}<form className={styles.form} aria-label="Complete the corrective action" noValidate onSubmit={(e) => { e.preventDefault(); void send('corrective-action/complete', { note: form.note.trim() || null }, 'Corrective action completed.'); }}>
                <Field label="What was done" required validationMessage={fieldError(errors['corrective-action/complete'], 'note')}><Textarea value={form.note} onChange={set('note')} /></Field>
                <div><Button appearance="primary" type="submit">Mark the corrective action done</Button></div>
              </form></>
            )}
          </>
        ) : manager ? (
          <>{problems('corrective-action', ['rootCause', 'description', 'ownerObjectId', 'dueDate'])}<form className={styles.form} aria-label="Corrective action" noValidate onSubmit={(e) => { e.preventDefault(); void send('corrective-action', { rootCause: form.rootCause.trim() || null, description: form.description.trim() || null, ownerObjectId: owner[0] ?? null, dueDate: form.dueDate || null }, 'Corrective action recorded.'); }}>
            <Field label="Root cause" required validationMessage={fieldError(errors['corrective-action'], 'rootCause')}><Textarea value={form.rootCause} onChange={set('rootCause')} /></Field>
            <Field label="Corrective action" required validationMessage={fieldError(errors['corrective-action'], 'description')}><Textarea value={form.description} onChange={set('description')} /></Field>
            <PersonPicker label="Action owner" required value={owner} onChange={setOwner} validationMessage={fieldError(errors['corrective-action'], 'ownerObjectId')} />
            <Field label="Due" required validationMessage={fieldError(errors['corrective-action'], 'dueDate')}><Input type="date" value={form.dueDate} onChange={set('dueDate')} /></Field>
            <div><Button appearance="primary" type="submit">Record the corrective action</Button></div>
          </form></>
        ) : <Text>None recorded yet.</Text>}
      </Section>
      <Section id="rp-similar" title="Similar nonconformities">
        {r.similarCheck ? <Text>Checked {r.similarCheck.reviewedReportIds.join(', ') || 'the register'}: {r.similarCheck.conclusion} ({r.similarCheck.recordedByName})</Text>
          : manager ? (
            <>{problems('similar-check', ['reviewedReportIds', 'conclusion'])}<form className={styles.form} aria-label="Similar nonconformities" noValidate onSubmit={(e) => { e.preventDefault(); void send('similar-check', { reviewedReportIds: form.similar.split(/[,;\s]+/).filter(Boolean), conclusion: form.conclusion.trim() || null }, 'Check for similar nonconformities recorded.'); }}>
              <Field label="Reports reviewed (ids, separated by commas)" validationMessage={fieldError(errors['similar-check'], 'reviewedReportIds')} hint={`Others: ${reports.filter((x) => x.id !== r.id).slice(0, 8).map((x) => x.id).join(', ') || 'none'}`}><Input value={form.similar} onChange={set('similar')} /></Field>
              <Field label="Conclusion of the check" required validationMessage={fieldError(errors['similar-check'], 'conclusion')}><Textarea value={form.conclusion} onChange={set('conclusion')} /></Field>
              <div><Button appearance="primary" type="submit">Record the check</Button></div>
            </form></>
          ) : <Text>Not checked yet.</Text>}
      </Section>
      <Section id="rp-effect" title="Effectiveness review">
        {r.effectiveness ? <Text>{r.effectiveness.effective ? 'Effective' : 'Not effective'}: {r.effectiveness.note} ({r.effectiveness.reviewedByName}, {r.effectiveness.reviewedAt.slice(0, 10)})</Text>
          : action?.completedAt && has(me.roles, 'AimsManager', 'TopManagement') ? (
            <>{problems('effectiveness-review', ['effective', 'note'])}<form className={styles.form} aria-label="Effectiveness review" noValidate onSubmit={(e) => { e.preventDefault(); void send('effectiveness-review', { effective: effective === '' ? null : effective === 'yes', note: form.effectiveNote.trim() || null }, 'Effectiveness review recorded.'); }}>
              <Field label="Did the corrective action remove the cause?" required validationMessage={fieldError(errors['effectiveness-review'], 'effective')}>
                <RadioGroup layout="horizontal" value={effective} onChange={(_, d) => setEffective(d.value)}><Radio value="yes" label="Effective" /><Radio value="no" label="Not effective" /></RadioGroup>
              </Field>
              <Field label="Evidence of effectiveness" required validationMessage={fieldError(errors['effectiveness-review'], 'note')}><Textarea value={form.effectiveNote} onChange={set('effectiveNote')} /></Field>
              <div><Button appearance="primary" type="submit">Record the review</Button></div>
            </form></>
          ) : <Text>{action?.completedAt ? 'Waiting for someone other than the person who recorded the action.' : 'After the corrective action is done.'}</Text>}
      </Section>
    </>
  );
}
