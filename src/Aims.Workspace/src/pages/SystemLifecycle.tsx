import { useCallback, useEffect, useState } from 'react';
import { Badge, Button, Field, Text, Textarea } from '@fluentui/react-components';
import { call, fieldError, get } from '../api';
import { Section } from '../components/Section';
import { FormProblems } from '../components/FormProblems';

interface Criterion { kind: string; label: string; control: string; met: boolean; detail: string; link?: string | null }
interface GateRequest { id: string; from: string; to: string; state: string; approverName?: string | null; approverObjectId: string; requestedByName: string }
interface GateStatus { stage: string; next?: string | null; nextGateCriteria: Criterion[]; openRequest?: GateRequest | null; gateApproverName?: string | null }
interface Dataset { id: string; name: string; version: string; source: string; personalData: boolean; qualityChecks: { check: string; result: string }[] }
interface ThirdParty { id: string; name: string; relationship: string; provides: string; assessments: { outcome: string; assessedAt: string }[] }

/**
 * The life cycle of one system as the API reports it: its stage, what the next gate asks for and whether each criterion is met
 * now, the waiting request, and the request itself; plus the datasets and suppliers the system relies on. The rules stay on
 * the server: the page only shows its answer and sends the request.
 */
export function SystemLifecycle({ id }: { id: string }) {
  const [status, setStatus] = useState<GateStatus | null>(null);
  const [datasets, setDatasets] = useState<Dataset[] | null>(null);
  const [parties, setParties] = useState<ThirdParty[] | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<string | null>(null);
  const key = encodeURIComponent(id);
  const load = useCallback(async () => {
    setStatus((await get<GateStatus>(`systems/${key}/gate`)).data);
  }, [key]);
  useEffect(() => { load().catch(setError); }, [load]);
  useEffect(() => {
    get<{ items: Dataset[] }>('datasets', { systemId: id }).then((a) => setDatasets(a.data.items), () => setDatasets([]));
    get<{ items: ThirdParty[] }>('third-parties', { systemId: id }).then((a) => setParties(a.data.items), () => setParties([]));
  }, [id]);

  async function request() {
    setSent(null);
    try {
      const answer = await call<{ request: GateRequest }>('POST', `systems/${key}/gate-requests`, { body: { to: status?.next, reason: reason.trim() || null } });
      setError(null); setReason('');
      setSent(`${answer.data.request.id} sent to ${answer.data.request.approverName ?? answer.data.request.approverObjectId} in Teams.`);
      await load();
    } catch (e) { setError(e); }
  }

  const unmet = status?.nextGateCriteria.filter((c) => !c.met).length ?? 0;
  return (
    <>
      <Section id="s-lifecycle" title="Life cycle" loading={status === null && !error}>
        {status && (
          <>
            <Text>Stage: <strong>{status.stage}</strong>. Gate approver: {status.gateApproverName ?? 'none named'}.</Text>
            {status.openRequest ? (
              <Text role="status">{status.openRequest.id} to move to {status.openRequest.to} is waiting for {status.openRequest.approverName ?? status.openRequest.approverObjectId}.</Text>
            ) : status.next ? (
              <Text>Next gate: {status.next} ({status.nextGateCriteria.length - unmet} of {status.nextGateCriteria.length} criteria met).</Text>
            ) : <Text>No further stage.</Text>}
            {status.nextGateCriteria.length > 0 && (
              <ul aria-label="Criteria of the next gate">
                {status.nextGateCriteria.map((c) => (
                  <li key={c.kind}>
                    <Badge appearance="filled" color={c.met ? 'success' : 'danger'}>{c.met ? 'Met' : 'Not met'}</Badge>{' '}
                    {c.label} ({c.control}): {c.detail}
                  </li>
                ))}
              </ul>
            )}
            {status.next && !status.openRequest && (
              <>
                <Field label="Reason for the request" validationMessage={fieldError(error, 'reason')}>
                  <Textarea value={reason} onChange={(_, d) => setReason(d.value)} />
                </Field>
                <div><Button appearance="primary" onClick={() => void request()}>Request the {status.next} gate</Button></div>
              </>
            )}
          </>
        )}
        <FormProblems error={error} fields={['reason', 'to']} />
        {sent && <Text role="status">{sent}</Text>}
      </Section>
      <Section id="s-datasets" title="Datasets" loading={datasets === null}>
        {(datasets ?? []).length === 0 ? <Text>No dataset recorded.</Text> : (
          <ul>{(datasets ?? []).map((d) => <li key={d.id}>{d.id}: {d.name} version {d.version} from {d.source}{d.personalData ? ', personal data' : ''}; checks: {d.qualityChecks.map((q) => `${q.check} ${q.result}`).join(', ') || 'none'}</li>)}</ul>
        )}
      </Section>
      <Section id="s-parties" title="Suppliers and customers" loading={parties === null}>
        {(parties ?? []).length === 0 ? <Text>None recorded.</Text> : (
          <ul>{(parties ?? []).map((p) => <li key={p.id}>{p.id}: {p.name} ({p.relationship}), {p.provides}; latest assessment: {p.assessments.at(-1)?.outcome ?? 'none'}</li>)}</ul>
        )}
      </Section>
    </>
  );
}
