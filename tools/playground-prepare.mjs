// Prepares a fresh Agents Playground the way a tenant is prepared for AIMS: the app is added to the organisation's team, so
// the bot learns its roster and can reach people who never opened the app (top management for the first digest, approvers).
// Run by ./aims dev and by the end-to-end tests' LocalStack, after both the DevHost and the Playground answer.
// Usage: node tools/playground-prepare.mjs PLAYGROUND_URL DEVHOST_URL [AIMS_MANAGER_OBJECT_ID]
const [playground, devhost, manager = '00000000-0000-0000-0000-0000000000020'] = process.argv.slice(2);
if (!playground || !devhost) {
  console.error('usage: node tools/playground-prepare.mjs PLAYGROUND_URL DEVHOST_URL [AIMS_MANAGER_OBJECT_ID]');
  process.exit(2);
}

const config = await (await fetch(new URL('/_internal/v1/testConfig', playground))).json();
const team = config?.config?.team?.id ?? 'team-id';
const install = await fetch(new URL(`/_debug/conversation/${encodeURIComponent(team)}/installation`, playground), {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
});
if (!install.ok) {
  console.error(`the Playground refused to add the app to team ${team}: ${install.status} ${await install.text()}`);
  process.exit(1);
}

// The Playground tells the bot asynchronously: wait until the bot knows the team (its health report counts rosters).
const deadline = Date.now() + 30_000;
for (;;) {
  const health = await fetch(new URL('/api/health/deep', devhost), { headers: { 'X-Aims-User': manager } }).then((r) => r.json()).catch(() => null);
  if (health?.bot?.rosters > 0) break;
  if (Date.now() > deadline) {
    console.error(`the bot did not learn the roster of team ${team} within 30 s`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}
console.log(`the app is added to the Playground's team ${team}: the bot can reach its members`);
