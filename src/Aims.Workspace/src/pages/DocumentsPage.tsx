import { useCallback, useEffect, useState } from 'react';
import {
  Badge, Button, Field, Input, Link, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Textarea, Title2,
} from '@fluentui/react-components';
import { call, fieldError, get, nullIfBlank, raw, requestId, type Page } from '../api';
import type { Me } from '../auth';
import { has } from '../roles';
import { follow, href, navigate } from '../router';
import { Scroll } from '../components/Scroll';
import { Section } from '../components/Section';
import { useFormStyles } from '../components/formStyles';
import { FormProblems } from '../components/FormProblems';
import { PersonPicker, namePeople, personName } from '../components/PersonPicker';

interface DocDecision { requestId: string; outcome: string; actorName: string; comment?: string | null; at: string }
interface DocVersion {
  version: string; status: string; fileName: string; size: number; sha256: string; evidenceId?: string | null; changeSummary?: string | null;
  uploadedByName: string; uploadedAt: string; decisions: DocDecision[]; submittedBy?: string | null;
}
interface ControlledDocument {
  id: string; title: string; type: string; ownerObjectId: string; reviewIntervalMonths: number; reviewDate?: string | null; controls: string[];
  versions: DocVersion[];
}
interface DocumentView { document: ControlledDocument; currentApproved?: DocVersion | null }
type DocumentDetailView = ControlledDocument & { currentApproved?: DocVersion | null; approverRole?: string | null };

const Types = ['AiPolicy', 'Procedure', 'ImpactAssessmentMethod', 'Standard', 'Guideline', 'Record', 'Other'];
const DocumentFields = ['title', 'type', 'ownerObjectId', 'reviewIntervalMonths', 'reviewDate', 'controls'];
const VersionFields = ['version', 'changeSummary', 'file'];

const statusColor = (s: string) => (s === 'Approved' ? 'success' : s === 'InApproval' ? 'warning' : s === 'Retired' ? 'subtle' : 'informative');

/** Controlled documents (7.5): the register, one document's versions with their decisions, a new version uploaded and submitted. */
export function DocumentsPage({ route, me }: { route: string; me: Me }) {
  const id = route.split('/')[2];
  return id ? <DocumentDetail id={decodeURIComponent(id)} me={me} /> : <DocumentList me={me} />;
}

function DocumentList({ me }: { me: Me }) {
  const styles = useFormStyles();
  const [items, setItems] = useState<DocumentView[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [form, setForm] = useState<Record<string, string>>({ title: '', type: '', reviewIntervalMonths: '12', reviewDate: '', controls: '' });
  const [owner, setOwner] = useState<string[]>([me.objectId]);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    const list = (await get<Page<DocumentView>>('documents')).data.items;
    await namePeople(list.map((d) => d.document.ownerObjectId)).catch(() => undefined);
    setItems(list);
  }, []);
  useEffect(() => { load().catch(setLoadError); }, [load]);
  const set = (k: string) => (_: unknown, d: { value: string }) => setForm((f) => ({ ...f, [k]: d.value }));

  async function create() {
    const body = { ...nullIfBlank(form), ownerObjectId: owner[0] ?? null, controls: form.controls.split(/[,;\s]+/).filter(Boolean) };
    try {
      const answer = await call<DocumentView>('POST', 'documents', { body });
      setError(null);
      navigate(`/documents/${encodeURIComponent(answer.data.document.id)}`);
    } catch (e) { setError(e); }
  }

  return (
    <>
      <Title2 as="h1">Documents</Title2>
      <Section id="d-list" title="Controlled documents" loading={!items && !loadError} error={loadError}>
        <Scroll label="Documents">
          <Table size="small" aria-label="Documents">
            <TableHeader><TableRow>
              <TableHeaderCell>Document</TableHeaderCell><TableHeaderCell>Type</TableHeaderCell><TableHeaderCell>Latest version</TableHeaderCell>
              <TableHeaderCell>In force</TableHeaderCell><TableHeaderCell>Review by</TableHeaderCell><TableHeaderCell>Owner</TableHeaderCell>
            </TableRow></TableHeader>
            <TableBody>{(items ?? []).map(({ document: d, currentApproved }) => {
              const latest = d.versions[d.versions.length - 1];
              return (
                <TableRow key={d.id}>
                  <TableCell><Link href={href(`/documents/${encodeURIComponent(d.id)}`)} onClick={follow(`/documents/${encodeURIComponent(d.id)}`)}>{d.id}: {d.title}</Link></TableCell>
                  <TableCell>{d.type}</TableCell>
                  <TableCell>{latest ? <>{latest.version} <Badge appearance="tint" color={statusColor(latest.status)}>{latest.status}</Badge></> : 'no version yet'}</TableCell>
                  <TableCell>{currentApproved?.version ?? 'none approved'}</TableCell>
                  <TableCell>{d.reviewDate ?? ''}</TableCell>
                  <TableCell>{personName(d.ownerObjectId)}</TableCell>
                </TableRow>
              );
            })}</TableBody>
          </Table>
        </Scroll>
      </Section>
      {has(me.roles, 'AimsManager') && (
        <Section id="d-new" title="Add a controlled document">
          <FormProblems error={error} fields={DocumentFields} />
          <form className={styles.form} aria-label="New document" noValidate onSubmit={(e) => { e.preventDefault(); void create(); }}>
            <Field label="Title" required validationMessage={fieldError(error, 'title')}><Input value={form.title} onChange={set('title')} /></Field>
            <Field label="Type" required validationMessage={fieldError(error, 'type')}>
              <Select value={form.type} onChange={set('type')}><option value="">Choose…</option>{Types.map((t) => <option key={t}>{t}</option>)}</Select>
            </Field>
            <PersonPicker label="Owner" required value={owner} onChange={setOwner} validationMessage={fieldError(error, 'ownerObjectId')} />
            <Field label="Review every (months)" required validationMessage={fieldError(error, 'reviewIntervalMonths')}><Input inputMode="numeric" value={form.reviewIntervalMonths} onChange={set('reviewIntervalMonths')} /></Field>
            <Field label="First review by" validationMessage={fieldError(error, 'reviewDate')}><Input type="date" value={form.reviewDate} onChange={set('reviewDate')} /></Field>
            <Field label="Annex A controls (separated by commas)" validationMessage={fieldError(error, 'controls')}><Input value={form.controls} onChange={set('controls')} /></Field>
            <div><Button appearance="primary" type="submit">Add the document</Button></div>
          </form>
        </Section>
      )}
    </>
  );
}

function DocumentDetail({ id, me }: { id: string; me: Me }) {
  const styles = useFormStyles();
  const [view, setView] = useState<DocumentDetailView | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [version, setVersion] = useState('');
  const [summary, setSummary] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [decisionError, setDecisionError] = useState<unknown>(null);
  const [comment, setComment] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const load = useCallback(async () => {
    const v = (await get<DocumentDetailView>(`documents/${encodeURIComponent(id)}`)).data;
    await namePeople([v.ownerObjectId]).catch(() => undefined);
    setView(v);
  }, [id]);
  useEffect(() => { load().catch(setLoadError); }, [load]);
  const d = view;
  const latest = d?.versions[d.versions.length - 1];
  const base = `documents/${encodeURIComponent(id)}`;

  async function upload() {
    setStatus(null);
    const form = new FormData();
    form.set('version', version.trim());
    form.set('changeSummary', summary.trim());
    if (file) form.set('file', file, file.name);
    try {
      await call('POST', `${base}/versions`, { form });
      setError(null); setVersion(''); setSummary(''); setFile(null);
      await load();
      setStatus(`Version ${version.trim()} uploaded: submit it for approval when it is ready.`);
    } catch (e) { setError(e); }
  }

  async function submit(v: DocVersion) {
    setStatus(null);
    try {
      await call('POST', `${base}/versions/${encodeURIComponent(v.version)}/submit`);
      setDecisionError(null);
      await load();
      setStatus(`Version ${v.version} submitted for approval.`);
    } catch (e) { setDecisionError(e); }
  }

  async function decide(outcome: 'Approved' | 'ChangesRequested' | 'Rejected') {
    setStatus(null);
    try {
      await call('POST', `${base}/decisions`, { body: { outcome, comment: comment.trim() || null, requestId: requestId() } });
      setDecisionError(null); setComment('');
      await load();
      setStatus(`Version ${latest?.version}: ${outcome === 'ChangesRequested' ? 'changes requested' : outcome.toLowerCase()}.`);
    } catch (e) { setDecisionError(e); }
  }

  async function download(v: DocVersion) {
    const response = await raw('GET', `${base}/versions/${encodeURIComponent(v.version)}/file`, { accept: '*/*' });
    const url = URL.createObjectURL(await response.blob());
    const a = document.createElement('a');
    a.href = url; a.download = v.fileName; a.click();
    URL.revokeObjectURL(url);
  }

  return (
    <>
      <Title2 as="h1">{d ? `${d.id}: ${d.title}` : `Document ${id}`}</Title2>
      <Link href={href('/documents')} onClick={follow('/documents')}>All documents</Link>
      {status && <Text role="status">{status}</Text>}
      <Section id="d-facts" title="The document" loading={!view && !loadError} error={loadError}>
        {d && <Text>{d.type}, owned by {personName(d.ownerObjectId)}, reviewed every {d.reviewIntervalMonths} months (next by {d.reviewDate ?? 'not set'}).
          In force: {view?.currentApproved ? `version ${view.currentApproved.version}` : 'no approved version yet'}.{d.controls.length ? ` Controls: ${d.controls.join(', ')}.` : ''}</Text>}
      </Section>
      <Section id="d-versions" title="Versions" loading={!view && !loadError}>
        <FormProblems error={decisionError} fields={[]} />
        {(d?.versions ?? []).length === 0 ? <Text>No version uploaded yet.</Text> : (
          <Scroll label="Versions">
            <Table size="small" aria-label="Versions">
              <TableHeader><TableRow>
                <TableHeaderCell>Version</TableHeaderCell><TableHeaderCell>Status</TableHeaderCell><TableHeaderCell>File (SHA-256)</TableHeaderCell>
                <TableHeaderCell>Uploaded</TableHeaderCell><TableHeaderCell>Decisions</TableHeaderCell><TableHeaderCell>Actions</TableHeaderCell>
              </TableRow></TableHeader>
              <TableBody>{[...d!.versions].reverse().map((v) => (
                <TableRow key={v.version}>
                  <TableCell>{v.version}{v.changeSummary ? `: ${v.changeSummary}` : ''}</TableCell>
                  <TableCell><Badge appearance="tint" color={statusColor(v.status)}>{v.status}</Badge></TableCell>
                  <TableCell><Button appearance="transparent" size="small" onClick={() => void download(v)} title={`Download version ${v.version}`}>{v.fileName}</Button> <Text size={200} font="monospace">{v.sha256.slice(0, 12)}…</Text></TableCell>
                  <TableCell>{v.uploadedAt.slice(0, 10)} by {v.uploadedByName}</TableCell>
                  <TableCell>{v.decisions.map((x) => `${x.outcome} by ${x.actorName} (${x.at.slice(0, 10)})${x.comment ? `: ${x.comment}` : ''}`).join('; ')}</TableCell>
                  <TableCell>{v === latest && v.status === 'Draft' && (
                    <Button size="small" onClick={() => void submit(v)}>Submit {v.version} for approval</Button>
                  )}</TableCell>
                </TableRow>
              ))}</TableBody>
            </Table>
          </Scroll>
        )}
        {latest?.status === 'InApproval' && has(me.roles, 'TopManagement', 'AimsManager') && latest.submittedBy !== me.objectId && (
          <div className={styles.row} role="group" aria-label={`Decide version ${latest.version}`}>
            <Field label="Comment"><Input value={comment} onChange={(_, x) => setComment(x.value)} /></Field>
            <Button appearance="primary" onClick={() => void decide('Approved')}>Approve {latest.version}</Button>
            <Button onClick={() => void decide('ChangesRequested')}>Request changes</Button>
          </div>
        )}
      </Section>
      {has(me.roles, 'AimsManager') || d?.ownerObjectId === me.objectId ? (
        <Section id="d-upload" title="Upload a new version">
          <FormProblems error={error} fields={VersionFields} />
          <form className={styles.form} aria-label="New version" noValidate onSubmit={(e) => { e.preventDefault(); void upload(); }}>
            <Field label="Version" required validationMessage={fieldError(error, 'version')} hint="For example 1.1 or 2.0."><Input value={version} onChange={(_, x) => setVersion(x.value)} /></Field>
            <Field label="What changed" validationMessage={fieldError(error, 'changeSummary')}><Textarea value={summary} onChange={(_, x) => setSummary(x.value)} /></Field>
            <Field label="File" required validationMessage={fieldError(error, 'file')}>
              {(props) => <input {...props} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
            </Field>
            <div><Button appearance="primary" type="submit">Upload the version</Button></div>
          </form>
        </Section>
      ) : null}
    </>
  );
}
