import { useCallback, useEffect, useState } from 'react';
import {
  Badge, Button, Checkbox, Field, Input, Radio, RadioGroup, Select, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell,
  TableRow, Text, Textarea, Title2, makeStyles, tokens,
} from '@fluentui/react-components';
import { ApiError, call, fieldError, get, requestId } from '../api';
import type { Me } from '../auth';
import { has } from '../roles';
import { Scroll } from '../components/Scroll';
import { Section } from '../components/Section';
import { FormProblems } from '../components/FormProblems';
import { PersonPicker } from '../components/PersonPicker';

interface Fact { title: string; value: string }
interface DigestSection { level: number; title: string; facts: Fact[]; hasList: boolean; lines?: string[] | null; empty?: string | null }
interface Opportunity { id: string; text: string; raisedAt: string; raisedBy: string }
interface ReviewDecision {
  id: string; text: string; topic: string; opportunityId?: string | null; opportunityDeclined: boolean; actionId?: string | null;
  actionText?: string | null; actionOwner?: string | null; actionDue?: string | null;
}
interface ReviewRecord {
  digestId: string; heldOn: string; attendees: { objectId: string; name: string }[]; suitable: string; adequate: string; effective: string;
  conclusion: string; decisions: ReviewDecision[]; recordedByName: string; recordedAt: string; status: string;
}
interface CurrentReview {
  digestId: string; sentAt: string; requestedBy: string; previousAt?: string | null; inputs: DigestSection[];
  openOpportunities: Opportunity[]; people: { objectId: string; displayName: string }[]; record?: ReviewRecord | null;
}
interface DecisionForm { text: string; topic: string; opportunityId: string; decline: boolean; actionText: string; actionOwner: string[]; actionDue: string }

const Judgements = ['Yes', 'Partly', 'No'];
const RecordFields = ['heldOn', 'attendees', 'suitable', 'adequate', 'effective', 'conclusion', 'decision', 'decisions'];
const newDecision = (): DecisionForm => ({ text: '', topic: 'ImprovementOpportunity', opportunityId: '', decline: false, actionText: '', actionOwner: [], actionDue: '' });
const today = () => new Date().toISOString().slice(0, 10);

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  decision: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: tokens.spacingHorizontalM, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  facts: { margin: 0, display: 'grid', gridTemplateColumns: 'minmax(8em, max-content) 1fr', columnGap: tokens.spacingHorizontalM, '& dd': { margin: 0 } },
});

/**
 * The management review (9.3): the latest digest's inputs, and for top management the form that records the review held on it
 * (date, attendees, the three 9.3.1 judgements, the conclusion and the decisions). The same page is the meeting side panel
 * (`compact`), so the review is recorded during the meeting.
 */
export function ReviewPage({ me, compact }: { me: Me; compact?: boolean }) {
  const [current, setCurrent] = useState<CurrentReview | null | undefined>(undefined);
  const [records, setRecords] = useState<ReviewRecord[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setCurrent((await get<CurrentReview>('management-reviews/digests/latest')).data);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setCurrent(null); else throw e;
    }
    if (!compact) setRecords((await get<ReviewRecord[]>('management-reviews')).data);
  }, [compact]);
  useEffect(() => { load().catch(setLoadError); }, [load]);

  return (
    <>
      <Title2 as="h1">Management review</Title2>
      <Section id="r-digest" title={current ? `Digest ${current.digestId}` : 'Digest'} loading={current === undefined && !loadError} error={loadError}>
        {current === null && <Text>No digest has been sent yet: an AIMS manager sends it with "digest" in the AIMS chat.</Text>}
        {current && <DigestInputs current={current} compact={compact} />}
      </Section>
      {current?.record && <RecordView record={current.record} me={me} onClosed={() => void load().catch(setLoadError)} />}
      {current && !current.record && has(me.roles, 'TopManagement') && <RecordForm current={current} me={me} onRecorded={() => void load().catch(setLoadError)} />}
      {current && !current.record && !has(me.roles, 'TopManagement') && (
        <Section id="r-wait" title="The review"><Text>Not recorded yet: top management records the review held on this digest.</Text></Section>
      )}
      {!compact && records && (
        <Section id="r-history" title="Recorded reviews">
          {records.length === 0 ? <Text>No review recorded yet.</Text> : (
            <Scroll label="Recorded reviews">
              <Table size="small" aria-label="Recorded reviews">
                <TableHeader><TableRow><TableHeaderCell>Held on</TableHeaderCell><TableHeaderCell>Digest</TableHeaderCell><TableHeaderCell>Conclusion</TableHeaderCell><TableHeaderCell>Decisions</TableHeaderCell><TableHeaderCell>Status</TableHeaderCell></TableRow></TableHeader>
                <TableBody>{records.map((r) => (
                  <TableRow key={r.digestId}><TableCell>{r.heldOn}</TableCell><TableCell>{r.digestId}</TableCell><TableCell>{r.conclusion}</TableCell><TableCell>{r.decisions.length}</TableCell><TableCell>{r.status}</TableCell></TableRow>
                ))}</TableBody>
              </Table>
            </Scroll>
          )}
        </Section>
      )}
    </>
  );
}

function DigestInputs({ current, compact }: { current: CurrentReview; compact?: boolean }) {
  const styles = useStyles();
  return (
    <>
      <Text>Sent {current.sentAt.slice(0, 10)} at the request of {current.requestedBy}{current.previousAt ? `; trends compare with ${current.previousAt.slice(0, 10)}` : '; the first digest'}.</Text>
      {current.inputs.map((s) => (
        <div key={s.title} role="group" aria-label={s.title}>
          <Subtitle2 as={s.level <= 2 ? 'h3' : 'h4'}>{s.title}</Subtitle2>
          {s.facts.length > 0 && (
            <dl className={styles.facts}>{s.facts.map((f) => <div key={f.title} style={{ display: 'contents' }}><dt>{f.title}</dt><dd>{f.value}</dd></div>)}</dl>
          )}
          {s.hasList && (s.lines == null ? <Text italic>No data (source not connected yet).</Text>
            : s.lines.length === 0 ? <Text italic>{s.empty}</Text>
              : <ul>{(compact ? s.lines.slice(0, 5) : s.lines).map((l, i) => <li key={i}>{l}</li>)}</ul>)}
        </div>
      ))}
    </>
  );
}

function RecordView({ record, me, onClosed }: { record: ReviewRecord; me: Me; onClosed: () => void }) {
  const [error, setError] = useState<unknown>(null);
  async function close() {
    try { await call('POST', `management-reviews/${encodeURIComponent(record.digestId)}/close`); setError(null); onClosed(); } catch (e) { setError(e); }
  }
  return (
    <Section id="r-record" title="The review held on this digest">
      <Text>Held on {record.heldOn} with {record.attendees.map((a) => a.name).join(', ')}; recorded by {record.recordedByName}. <Badge appearance="tint">{record.status}</Badge></Text>
      <Text>Suitable: {record.suitable}. Adequate: {record.adequate}. Effective: {record.effective}.</Text>
      <Text>Conclusion: {record.conclusion}</Text>
      <ul aria-label="Decisions">{record.decisions.map((d) => (
        <li key={d.id}>{d.text}{d.opportunityId ? ` (${d.opportunityDeclined ? 'declined' : 'accepted'}: ${d.opportunityId})` : ''}{d.actionId ? `; action ${d.actionId}: ${d.actionText ?? ''}, due ${d.actionDue ?? 'not set'}` : ''}</li>
      ))}</ul>
      <FormProblems error={error} fields={[]} />
      {record.status !== 'Closed' && has(me.roles, 'TopManagement', 'AimsManager') && <div><Button onClick={() => void close()}>Close the review</Button></div>}
    </Section>
  );
}

function RecordForm({ current, me, onRecorded }: { current: CurrentReview; me: Me; onRecorded: () => void }) {
  const styles = useStyles();
  const [heldOn, setHeldOn] = useState(today());
  const [attendees, setAttendees] = useState<string[]>([me.objectId]);
  const [judgements, setJudgements] = useState<Record<string, string>>({ suitable: '', adequate: '', effective: '' });
  const [conclusion, setConclusion] = useState('');
  const [decisions, setDecisions] = useState<DecisionForm[]>([newDecision()]);
  const [pending] = useState(requestId);
  const [error, setError] = useState<unknown>(null);
  const setDecision = (i: number, patch: Partial<DecisionForm>) => setDecisions((ds) => ds.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const decisionKey = (i: number) => (decisions.length === 1 ? 'decision' : `decisions[${i}]`);

  async function record() {
    const body = {
      heldOn: heldOn || null, attendees, conclusion: conclusion.trim() || null,
      suitable: judgements.suitable || null, adequate: judgements.adequate || null, effective: judgements.effective || null,
      decisions: decisions.filter((d) => d.text.trim() || d.actionText.trim() || d.opportunityId).map((d) => ({
        text: d.text.trim() || null, topic: d.topic, opportunityId: d.topic === 'ImprovementOpportunity' ? d.opportunityId || null : null,
        decline: d.decline, actionText: d.decline ? null : d.actionText.trim() || null, actionOwner: d.decline ? null : d.actionOwner[0] ?? null,
        actionDue: d.decline ? null : d.actionDue || null,
      })),
    };
    try {
      // One request id for this form: pressing again after a lost answer returns the same record, never a second one.
      await call('POST', `management-reviews/${encodeURIComponent(current.digestId)}/record`, { body, headers: { 'X-Request-Id': pending } });
      setError(null);
      onRecorded();
    } catch (e) { setError(e); }
  }

  return (
    <Section id="r-form" title="Record the review">
      <FormProblems error={error} fields={RecordFields} onReload={onRecorded} />
      <form className={styles.form} aria-label="Record the review" noValidate onSubmit={(e) => { e.preventDefault(); void record(); }}>
        <Field label="Date of the review" required validationMessage={fieldError(error, 'heldOn')}><Input type="date" value={heldOn} onChange={(_, d) => setHeldOn(d.value)} /></Field>
        <PersonPicker label="Attendees" multiple required value={attendees} onChange={setAttendees} validationMessage={fieldError(error, 'attendees')} />
        {([['suitable', 'Is the AIMS still suitable?'], ['adequate', 'Is the AIMS adequate?'], ['effective', 'Is the AIMS effective?']] as const).map(([k, label]) => (
          <Field key={k} label={label} required validationMessage={fieldError(error, k)}>
            <RadioGroup layout="horizontal" value={judgements[k]} onChange={(_, d) => setJudgements((j) => ({ ...j, [k]: d.value }))}>
              {Judgements.map((j) => <Radio key={j} value={j} label={j} />)}
            </RadioGroup>
          </Field>
        ))}
        <Field label="Conclusion" required validationMessage={fieldError(error, 'conclusion')}><Textarea value={conclusion} onChange={(_, d) => setConclusion(d.value)} /></Field>
        {decisions.map((d, i) => (
          <fieldset key={i} className={styles.decision} aria-label={`Decision ${i + 1}`}>
            <legend>Decision {i + 1}</legend>
            {fieldError(error, decisionKey(i)) && <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>{fieldError(error, decisionKey(i))}</Text>}
            <Field label={`Decision ${i + 1}: what was decided`}><Textarea value={d.text} onChange={(_, x) => setDecision(i, { text: x.value })} /></Field>
            <Field label={`Decision ${i + 1}: about`}>
              <Select value={d.topic} onChange={(_, x) => setDecision(i, { topic: x.value })}>
                <option value="ImprovementOpportunity">An opportunity for improvement</option>
                <option value="ChangeToAims">A change to the AIMS</option>
              </Select>
            </Field>
            {d.topic === 'ImprovementOpportunity' && (
              <>
                <Field label={`Decision ${i + 1}: opportunity`}>
                  <Select value={d.opportunityId} onChange={(_, x) => setDecision(i, { opportunityId: x.value })}>
                    <option value="">Choose…</option>
                    {current.openOpportunities.map((o) => <option key={o.id} value={o.id}>{o.id}: {o.text}</option>)}
                  </Select>
                </Field>
                <Checkbox label={`Decision ${i + 1}: decline the opportunity (say why above)`} checked={d.decline} onChange={(_, x) => setDecision(i, { decline: !!x.checked })} />
              </>
            )}
            {!d.decline && (
              <>
                <Field label={`Decision ${i + 1}: action to carry it out`}><Input value={d.actionText} onChange={(_, x) => setDecision(i, { actionText: x.value })} /></Field>
                <PersonPicker label={`Decision ${i + 1}: action owner`} value={d.actionOwner} onChange={(ids) => setDecision(i, { actionOwner: ids })} />
                <Field label={`Decision ${i + 1}: action due`}><Input type="date" value={d.actionDue} onChange={(_, x) => setDecision(i, { actionDue: x.value })} /></Field>
              </>
            )}
          </fieldset>
        ))}
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
          <Button onClick={() => setDecisions((ds) => [...ds, newDecision()])}>Add a decision</Button>
          <Button appearance="primary" type="submit">Record the review</Button>
        </div>
      </form>
    </Section>
  );
}
