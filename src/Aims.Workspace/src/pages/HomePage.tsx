import { useEffect, useState } from 'react';
import { VerticalBarChart } from '@fluentui/react-charts';
import {
  Badge, Button, Link, ProgressBar, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, Title2,
  makeStyles, tokens,
} from '@fluentui/react-components';
import { get, type Page } from '../api';
import type { Me } from '../auth';
import { has } from '../roles';
import { href, navigate } from '../router';
import { Section } from '../components/Section';
import type { Campaign, CampaignStatus, Gaps, Objective, RiskHeatmap, RiskView } from '../types';

const useStyles = makeStyles({
  grid: { display: 'grid', gap: tokens.spacingHorizontalL, gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))' },
  heat: { borderCollapse: 'collapse', '& td, & th': { border: `1px solid ${tokens.colorNeutralStroke2}`, width: '2.4em', height: '2.2em', textAlign: 'center' } },
  maps: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXL },
});

function useLoad<T>(load: (() => Promise<T>) | null): { data?: T; error?: unknown; loading: boolean } {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: load !== null });
  useEffect(() => {
    if (!load) return;
    let live = true;
    load().then((data) => live && setState({ data, loading: false }), (error: unknown) => live && setState({ error, loading: false }));
    return () => { live = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return state;
}

export function HomePage({ me }: { me: Me }) {
  const styles = useStyles();
  const roles = me.roles;
  const riskReader = has(roles, 'AimsManager', 'Auditor', 'TopManagement', 'RiskOwner');
  const overseer = has(roles, 'AimsManager', 'Auditor', 'TopManagement');
  const manager = has(roles, 'AimsManager');

  const awaiting = useLoad(riskReader ? () => get<Page<RiskView>>('risks', { state: 'Submitted', pageSize: 50 }).then((a) => a.data.items) : null);
  const mine = useLoad(riskReader ? () => get<Page<RiskView>>('risks', { owner: me.objectId, pageSize: 50 }).then((a) => a.data.items) : null);
  const heatmap = useLoad(riskReader ? () => get<RiskHeatmap>('risks/heatmap').then((a) => a.data) : null);
  const gaps = useLoad(overseer ? () => get<Gaps>('gaps').then((a) => a.data) : null);
  const training = useLoad(manager ? async () => {
    const campaigns = (await get<Page<Campaign>>('campaigns')).data.items;
    return Promise.all(campaigns.map((c) => get<CampaignStatus>(`campaigns/${encodeURIComponent(c.id)}/status`).then((a) => a.data)));
  } : null);
  const objectives = useLoad(riskReader ? () => get<Page<Objective>>('objectives').then((a) => a.data.items.filter((o) => !o.retired)) : null);

  const openMine = (mine.data ?? []).filter((r) => r.risk.state !== 'Approved' && r.risk.state !== 'Accepted');

  return (
    <>
      <Title2 as="h1">Home</Title2>
      {!riskReader && !overseer && (
        <Section id="h-staff" title="Your part in the AIMS">
          <Text>Your approvals, reviews and training come to you as cards in the AIMS chat in Teams. The workspace pages are for
            the people who run and oversee the AI management system.</Text>
        </Section>
      )}
      <div className={styles.grid}>
        {riskReader && (
          <Section id="h-tasks" title="My tasks" loading={awaiting.loading || mine.loading} error={awaiting.error ?? mine.error}>
            <Text weight="semibold">Risks awaiting a decision ({awaiting.data?.length ?? 0})</Text>
            <TaskList items={awaiting.data ?? []} empty="Nothing awaits a decision." />
            <Text weight="semibold">Risks I own that are not yet decided ({openMine.length})</Text>
            <TaskList items={openMine} empty="None of your risks is open." />
          </Section>
        )}
        {riskReader && (
          <Section id="h-heat" title="Risk heatmap" loading={heatmap.loading} error={heatmap.error}>
            {heatmap.data && (
              <div className={styles.maps}>
                <Heatmap title="Inherent" map={heatmap.data} counts={heatmap.data.inherent} />
                <Heatmap title="Residual" map={heatmap.data} counts={heatmap.data.residual} />
              </div>
            )}
          </Section>
        )}
        {manager && (
          <Section id="h-training" title="Training completion" loading={training.loading} error={training.error}>
            {(training.data ?? []).length === 0 ? <Text>No campaign yet.</Text> : (training.data ?? []).map((c) => (
              <div key={c.campaignId}>
                <Text>{c.title} ({c.state}): {c.completion.attested} of {c.completion.total} attested</Text>
                <ProgressBar value={c.completion.total ? c.completion.attested / c.completion.total : 0} aria-label={`${c.title}: ${c.completion.percent} % attested`} />
              </div>
            ))}
          </Section>
        )}
        {riskReader && (
          <Section id="h-objectives" title="Objectives" loading={objectives.loading} error={objectives.error}>
            <Table size="small" aria-labelledby="h-objectives">
              <TableHeader><TableRow><TableHeaderCell>Objective</TableHeaderCell><TableHeaderCell>Target</TableHeaderCell><TableHeaderCell>Latest</TableHeaderCell></TableRow></TableHeader>
              <TableBody>
                {(objectives.data ?? []).map((o) => (
                  <TableRow key={o.id}>
                    <TableCell>{o.title}</TableCell>
                    <TableCell>{o.targetText}</TableCell>
                    <TableCell>{o.latest ? <Badge color={o.latest.onTarget ? 'success' : 'danger'}>{o.latest.value} {o.unit} · {o.latest.onTarget ? 'on target' : 'off target'}</Badge> : 'no measurement yet'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Section>
        )}
      </div>
      {overseer && <CoverageSection gaps={gaps.data} loading={gaps.loading} error={gaps.error} />}
    </>
  );
}

function TaskList({ items, empty }: { items: RiskView[]; empty: string }) {
  if (items.length === 0) return <Text>{empty}</Text>;
  return (
    <ul>
      {items.slice(0, 10).map((r) => (
        <li key={r.risk.id}>
          <Link href={href(`/risks/${r.risk.id}`)} onClick={(e) => { e.preventDefault(); navigate(`/risks/${r.risk.id}`); }}>{r.risk.id}: {r.risk.title}</Link> ({r.risk.state})
        </li>
      ))}
    </ul>
  );
}

function Heatmap({ title, map, counts }: { title: string; map: RiskHeatmap; counts: number[][] }) {
  const styles = useStyles();
  // Counted and rated by the API (GET /api/risks/heatmap); rows and columns are likelihood and impact 1-5.
  const shade = (l: number, i: number) => {
    const level = map.levels[l - 1]![i - 1];
    return level === 'Critical' || level === 'High' ? tokens.colorPaletteRedBackground2 : level === 'Medium' ? tokens.colorPaletteMarigoldBackground2 : tokens.colorPaletteGreenBackground2;
  };
  return (
    <table className={styles.heat}>
      <caption>{title} (likelihood × impact), {map.total} risks</caption>
      <thead><tr><th scope="col"><span aria-label="Likelihood by impact">L \ I</span></th>{[1, 2, 3, 4, 5].map((i) => <th scope="col" key={i}>{i}</th>)}</tr></thead>
      <tbody>
        {[5, 4, 3, 2, 1].map((l) => (
          <tr key={l}>
            <th scope="row">{l}</th>
            {[1, 2, 3, 4, 5].map((i) => {
              const n = counts[l - 1]![i - 1]!;
              return <td key={i} style={{ backgroundColor: shade(l, i) }} aria-label={`likelihood ${l}, impact ${i}: ${n} risks, ${map.levels[l - 1]![i - 1]}`}>{n || ''}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CoverageSection({ gaps, loading, error }: { gaps?: Gaps; loading: boolean; error?: unknown }) {
  const [group, setGroup] = useState<string | null>(null);
  const data = (gaps?.groups ?? []).map((g) => ({
    x: g.group, y: g.percent, legend: g.title, xAxisCalloutData: `${g.group} ${g.title}`, yAxisCalloutData: `${g.covered} of ${g.total} covered`,
    onClick: () => setGroup(g.group),
  }));
  const open = (gaps?.gaps ?? []).filter((g) => g.isGap && (group === null || g.group === group));
  const selected = gaps?.groups.find((g) => g.group === group);
  return (
    <Section id="h-coverage" title="Coverage by clause group and Annex A objective" loading={loading} error={error}>
      {gaps && (
        <>
          <Text>Overall {gaps.overall.percent} % ({gaps.overall.covered} of {gaps.overall.total}); clauses {gaps.clauses.percent} %; applicable controls {gaps.controls.percent} %.</Text>
          <VerticalBarChart data={data} height={260} hideLegend chartTitle="Coverage per group (%)" yMaxValue={100} />
          <div role="group" aria-label="Show the gaps of a group" style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
            <Button size="small" appearance={group === null ? 'primary' : 'secondary'} onClick={() => setGroup(null)}>All groups</Button>
            {gaps.groups.map((g) => (
              <Button key={g.group} size="small" appearance={group === g.group ? 'primary' : 'secondary'} aria-pressed={group === g.group}
                onClick={() => setGroup(g.group)} title={g.title}>{g.group}: {g.percent} %</Button>
            ))}
          </div>
          <Text weight="semibold" role="status">{selected ? `${selected.group} ${selected.title}: ${open.length} gaps` : `${open.length} gaps in all`}</Text>
          <Table size="small" aria-label="Gaps and what would close them">
            <TableHeader><TableRow><TableHeaderCell>Item</TableHeaderCell><TableHeaderCell>Why it is a gap</TableHeaderCell><TableHeaderCell>What would close it</TableHeaderCell></TableRow></TableHeader>
            <TableBody>
              {open.slice(0, 100).map((g) => (
                <TableRow key={g.id}>
                  <TableCell>{g.id} {g.title}</TableCell>
                  <TableCell>{g.reason ?? ''}</TableCell>
                  <TableCell>{g.wouldSatisfy ?? ''}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </Section>
  );
}
