import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Badge, Button, Field, Input, MessageBar, MessageBarBody, Select, Spinner, Switch, Table, TableBody, TableCell, TableHeader,
  TableHeaderCell, TableRow, Text, Textarea, Title2, makeStyles, tokens,
} from '@fluentui/react-components';
import { call, fieldError, get } from '../api';
import type { Me } from '../auth';
import { ErrorBar, Section } from '../components/Section';
import { FormProblems } from '../components/FormProblems';
import type { SoaEntry, SoaVersion } from '../types';

const Statuses = ['NotStarted', 'Planned', 'Partially', 'Implemented'];
const Fields = ['applicable', 'justification', 'status', 'ownerObjectId', 'evidenceIds', 'lastReviewed'];

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'center' },
  entry: { display: 'grid', gap: tokens.spacingHorizontalM, gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))', alignItems: 'start' },
  row: { borderTop: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: tokens.spacingVerticalS, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  changed: { color: tokens.colorPaletteMarigoldForeground2 },
});

interface Soa { controls: SoaEntry[]; applicable: number; implemented: number }

interface Snapshot { version: number; entries: Partial<SoaEntry>[] }

export function SoaPage({ me }: { me: Me }) {
  const styles = useStyles();
  const [soa, setSoa] = useState<Soa | null>(null);
  const [versions, setVersions] = useState<SoaVersion[]>([]);
  const [approved, setApproved] = useState<Snapshot | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [compare, setCompare] = useState(false);

  const load = useCallback(async () => {
    const [s, v] = await Promise.all([get<Soa>('soa'), get<{ versions: SoaVersion[] }>('soa/versions')]);
    setSoa(s.data);
    const list = [...v.data.versions].sort((a, b) => b.version - a.version);
    setVersions(list);
    if (list[0]) setApproved((await get<Snapshot>(`evidence/${encodeURIComponent(list[0].evidenceId)}/payload`)).data);
  }, []);
  useEffect(() => { load().catch(setError); }, [load]);

  const differences = useMemo(() => {
    if (!soa || !approved) return new Map<string, string[]>();
    const old = new Map(approved.entries.map((e) => [e.controlId, e]));
    const out = new Map<string, string[]>();
    for (const c of soa.controls) {
      const o = old.get(c.controlId);
      const d: string[] = [];
      if (!o) d.push('not in the approved version');
      else {
        if (o.applicable !== c.applicable) d.push(`applicable: ${o.applicable ? 'yes' : 'no'} → ${c.applicable ? 'yes' : 'no'}`);
        if ((o.status ?? null) !== (c.status ?? null)) d.push(`status: ${o.status ?? '—'} → ${c.status ?? '—'}`);
        if ((o.justification ?? '') !== (c.justification ?? '')) d.push('justification changed');
        if ((o.ownerObjectId ?? '') !== (c.ownerObjectId ?? '')) d.push('owner changed');
      }
      if (d.length) out.set(c.controlId, d);
    }
    return out;
  }, [soa, approved]);

  async function approve() {
    setMessage(null);
    try {
      const answer = await call<SoaVersion>('POST', 'soa/approve');
      setMessage(`Version ${answer.data.version} approved by ${answer.data.approvedByName}: ${answer.data.applicable} applicable, ${answer.data.implemented} implemented.`);
      setError(null);
      await load();
    } catch (e) { setError(e); }
  }

  // Top management gets the request on a card in Teams, listing the changed controls.
  async function submit() {
    setMessage(null);
    try {
      const answer = await call<{ changes: number }>('POST', 'soa/submit');
      setMessage(`Approval requested from top management in Teams: ${answer.data.changes} ${answer.data.changes === 1 ? 'control' : 'controls'} changed.`);
      setError(null);
    } catch (e) { setError(e); }
  }

  const onSaved = (entry: SoaEntry) => setSoa((s) => (s ? { ...s, controls: s.controls.map((c) => (c.controlId === entry.controlId ? entry : c)) } : s));

  return (
    <>
      <Title2 as="h1">Statement of Applicability</Title2>
      {error ? <ErrorBar error={error} /> : null}
      {!soa ? <Spinner label="Loading the Statement of Applicability" /> : (
        <>
          <div className={styles.bar}>
            <Text>{soa.controls.length} controls · {soa.applicable} applicable · {soa.implemented} implemented</Text>
            <Text>{versions[0] ? `Last approved: version ${versions[0].version}, ${new Date(versions[0].approvedAt).toLocaleDateString()} by ${versions[0].approvedByName}` : 'Never approved'}</Text>
            <Switch label="Compare with the last approved version" checked={compare} onChange={(_, d) => setCompare(d.checked)} disabled={!approved} />
            {me.roles.includes('TopManagement')
              ? <Button appearance="primary" onClick={() => void approve()}>Approve this version</Button>
              : <Text>Approved by top management, never by whoever edited it since the last version.</Text>}
            {me.roles.includes('AimsManager') && <Button onClick={() => void submit()}>Request approval in Teams</Button>}
          </div>
          {message && <MessageBar intent="success"><MessageBarBody role="status">{message}</MessageBarBody></MessageBar>}
          {compare && (
            <Section id="soa-diff" title={`Changes since version ${approved?.version ?? ''}`}>
              {differences.size === 0 ? <Text>No change since the last approved version.</Text> : (
                <Table size="small" aria-labelledby="soa-diff">
                  <TableHeader><TableRow><TableHeaderCell>Control</TableHeaderCell><TableHeaderCell>What changed</TableHeaderCell></TableRow></TableHeader>
                  <TableBody>{[...differences].map(([id, d]) => <TableRow key={id}><TableCell>{id}</TableCell><TableCell>{d.join('; ')}</TableCell></TableRow>)}</TableBody>
                </Table>
              )}
            </Section>
          )}
          <section aria-label="Controls">
            {soa.controls.map((c) => <EntryEditor key={c.controlId} entry={c} onSaved={onSaved} changed={differences.get(c.controlId)} me={me} />)}
          </section>
        </>
      )}
    </>
  );
}

function EntryEditor({ entry, onSaved, changed, me }: { entry: SoaEntry; onSaved: (e: SoaEntry) => void; changed?: string[]; me: Me }) {
  // AIMS managers edit the SoA; top management reviews and approves it (the API checks both).
  const readOnly = !me.roles.includes('AimsManager');
  const styles = useStyles();
  const [applicable, setApplicable] = useState(entry.applicable);
  const [status, setStatus] = useState(entry.status ?? '');
  const [justification, setJustification] = useState(entry.justification ?? '');
  const [owner, setOwner] = useState(entry.ownerObjectId ?? '');
  const [etag, setEtag] = useState(entry.eTag ?? null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const dirty = applicable !== entry.applicable || status !== (entry.status ?? '') || justification !== (entry.justification ?? '') || owner !== (entry.ownerObjectId ?? '');
  const id = entry.controlId.replace(/\./g, '-');

  async function save() {
    setSaved(false);
    try {
      const answer = await call<SoaEntry>('PUT', `soa/${encodeURIComponent(entry.controlId)}`, {
        ifMatch: etag,
        body: { applicable, status: status || null, justification: justification || null, ownerObjectId: owner || null, evidenceIds: entry.evidenceIds, lastReviewed: entry.lastReviewed ?? null },
      });
      const stored = { ...answer.data, eTag: answer.etag ?? answer.data.eTag };
      setEtag(stored.eTag ?? null); setError(null); setSaved(true); onSaved(stored);
    } catch (e) { setError(e); }
  }

  async function reload() {
    // Keeps what was typed; only the version to save against moves to the stored one.
    const all = await get<{ controls: SoaEntry[] }>('soa');
    setEtag(all.data.controls.find((c) => c.controlId === entry.controlId)?.eTag ?? null);
    setError(null);
  }

  return (
    <div className={styles.row} role="group" aria-labelledby={`soa-${id}`}>
      <Text as="h3" weight="semibold" id={`soa-${id}`}>{entry.controlId} {entry.title} {changed && <Badge appearance="tint" color="warning" className={styles.changed}>changed</Badge>}</Text>
      <FormProblems error={error} fields={Fields} onReload={() => void reload()} />
      <div className={styles.entry}>
        <Field validationMessage={fieldError(error, 'applicable')}><Switch label="Applicable" checked={applicable} disabled={readOnly} onChange={(_, d) => setApplicable(d.checked)} /></Field>
        <Field label="Status" validationMessage={fieldError(error, 'status')}>
          <Select value={status} disabled={readOnly} onChange={(_, d) => setStatus(d.value)}><option value="">None</option>{Statuses.map((s) => <option key={s}>{s}</option>)}</Select>
        </Field>
        <Field label="Owner (Entra object id)" validationMessage={fieldError(error, 'ownerObjectId')}><Input value={owner} readOnly={readOnly} onChange={(_, d) => setOwner(d.value)} /></Field>
        <Field label="Justification" validationMessage={fieldError(error, 'justification')}><Textarea value={justification} readOnly={readOnly} onChange={(_, d) => setJustification(d.value)} resize="vertical" /></Field>
      </div>
      <div className={styles.bar}>
        {!readOnly && <Button size="small" appearance={dirty ? 'primary' : 'secondary'} disabled={!dirty} onClick={() => void save()} aria-label={`Save ${entry.controlId}`}>Save</Button>}
        {saved && <Text role="status">Saved.</Text>}
        {entry.evidenceIds.length > 0 && <Text size={200}>{entry.evidenceIds.length} evidence items linked</Text>}
      </div>
    </div>
  );
}
