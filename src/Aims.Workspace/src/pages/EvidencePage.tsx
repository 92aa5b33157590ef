import { useCallback, useEffect, useState } from 'react';
import {
  Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell,
  TableRow, Text, Title2, makeStyles, tokens,
} from '@fluentui/react-components';
import { get, raw, type Page } from '../api';
import type { Me } from '../auth';
import { has } from '../roles';
import { Scroll } from '../components/Scroll';
import { ErrorBar, Section } from '../components/Section';
import type { EvidenceItem, Verification } from '../types';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'end' },
});

export function EvidencePage({ me }: { me: Me }) {
  const styles = useStyles();
  const [filter, setFilter] = useState({ clause: '', control: '', subject: '', from: '', to: '' });
  const [applied, setApplied] = useState(filter);
  const [items, setItems] = useState<EvidenceItem[]>([]);
  const [token, setToken] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [pack, setPack] = useState<string | null>(null);
  const canVerify = has(me.roles, 'AimsManager', 'Auditor');

  const load = useCallback(async (continuation: string | null) => {
    setLoading(true);
    try {
      const q = { ...applied, from: applied.from ? new Date(applied.from).toISOString() : '', to: applied.to ? new Date(applied.to + 'T23:59:59Z').toISOString() : '' };
      const page = (await get<Page<EvidenceItem>>('evidence', { ...q, pageSize: 50, continuationToken: continuation })).data;
      setItems((prev) => (continuation ? [...prev, ...page.items] : page.items));
      setToken(page.continuationToken ?? null); setError(null);
    } catch (e) { setError(e); } finally { setLoading(false); }
  }, [applied]);
  useEffect(() => { void load(null); }, [load]);

  async function verify() {
    setVerifying(true);
    try { setVerification((await get<Verification>('evidence/verify')).data); } catch (e) { setError(e); } finally { setVerifying(false); }
  }

  async function download() {
    setPack('Preparing the audit pack…');
    try {
      // The download needs the caller's credentials, so it is fetched and handed to the browser as a file.
      const response = await raw('GET', 'audit-pack', { accept: 'application/zip' });
      const name = /filename=([^;]+)/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'aims-audit-pack.zip';
      const url = URL.createObjectURL(await response.blob());
      const a = document.createElement('a');
      a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setPack(`Downloaded ${name}.`);
    } catch (e) { setPack(null); setError(e); }
  }

  const set = (k: keyof typeof filter) => (_: unknown, d: { value: string }) => setFilter((f) => ({ ...f, [k]: d.value }));
  return (
    <>
      <Title2 as="h1">Evidence</Title2>
      {canVerify && (
        <Section id="e-ledger" title="Ledger and audit pack">
          <div className={styles.bar}>
            <Button onClick={() => void verify()} disabled={verifying}>{verifying ? 'Verifying…' : 'Verify the ledger'}</Button>
            <Button appearance="primary" onClick={() => void download()}>Download the audit pack</Button>
          </div>
          {verification && (
            <MessageBar intent={verification.isIntact ? 'success' : 'error'} role="status">
              <MessageBarBody><MessageBarTitle>{verification.isIntact ? 'The ledger is intact' : 'The ledger is broken'}</MessageBarTitle>
                {verification.entryCount} entries, root {verification.rootHash.slice(0, 16)}…
                {verification.problems.length > 0 && <ul>{verification.problems.map((p) => <li key={p}>{p}</li>)}</ul>}
              </MessageBarBody>
            </MessageBar>
          )}
          {pack && <Text role="status">{pack}</Text>}
        </Section>
      )}
      <form className={styles.bar} role="search" aria-label="Filter evidence" onSubmit={(e) => { e.preventDefault(); setApplied(filter); }}>
        <Field label="Clause"><Input value={filter.clause} onChange={set('clause')} placeholder="6.1.2" /></Field>
        <Field label="Control"><Input value={filter.control} onChange={set('control')} placeholder="A.6.2.4" /></Field>
        <Field label="Subject"><Input value={filter.subject} onChange={set('subject')} placeholder="risk:R-1" /></Field>
        <Field label="From"><Input type="date" value={filter.from} onChange={set('from')} /></Field>
        <Field label="To"><Input type="date" value={filter.to} onChange={set('to')} /></Field>
        <Button type="submit">Filter</Button>
      </form>
      {error ? <ErrorBar error={error} /> : null}
      <Scroll label="Evidence items (scrolls sideways)">
      <Table size="small" aria-label="Evidence items">
        <TableHeader><TableRow><TableHeaderCell>Recorded</TableHeaderCell><TableHeaderCell>Kind</TableHeaderCell><TableHeaderCell>Subject</TableHeaderCell><TableHeaderCell>Clauses and controls</TableHeaderCell><TableHeaderCell>Summary</TableHeaderCell></TableRow></TableHeader>
        <TableBody>
          {items.map((e) => (
            <TableRow key={e.id}>
              <TableCell>{new Date(e.recordedAt).toLocaleString()}</TableCell><TableCell>{e.kind.value}</TableCell><TableCell>{e.subject}</TableCell>
              <TableCell>{[...e.clauses, ...e.controls].join(', ')}</TableCell><TableCell>{e.summary ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      </Scroll>
      {loading ? <Spinner size="small" label="Loading evidence" /> : token ? <Button onClick={() => void load(token)}>Load more</Button> : <Text role="status">{items.length} items</Text>}
    </>
  );
}
