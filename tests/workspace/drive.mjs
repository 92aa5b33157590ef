// Drives the AIMS workspace in Debian's Chromium for tests/Aims.Workspace.Tests: one scenario per run, as one demo person,
// against a running DevHost. Prints one JSON line (what the page showed, axe's serious and critical violations) for the
// xUnit test to check, together with what the API says afterwards. Usage: node drive.mjs <scenario> <baseUrl> <objectId> [arg]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const [, , scenario, baseUrl, person, arg] = process.argv;

// The workspace's own deep link parser (src/Aims.Workspace/src/deepLinks.ts), compiled with the workspace's TypeScript, so a
// scenario checks what the page does with a Teams sub page id without a Teams host.
async function deepLinks() {
  const root = new URL('../../src/Aims.Workspace/', import.meta.url);
  const { default: ts } = await import(new URL('node_modules/typescript/lib/typescript.js', root));
  const source = readFileSync(new URL('src/deepLinks.ts', root), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  return import('data:text/javascript;base64,' + Buffer.from(js).toString('base64'));
}
const profile = mkdtempSync(join(tmpdir(), 'aims-chromium-'));
// Without these flags Chromium reaches for Google's services, which this machine's closed network refuses, and hangs.
// A fresh profile each run (playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.AIMS_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: Number(process.env.AIMS_VIEWPORT_WIDTH || 1100), height: 900 },
  acceptDownloads: true,
});
const errors = [];
const result = { scenario };
let page;
try {
  page = browser.pages()[0] ?? await browser.newPage();
  page.setDefaultTimeout(20000);
  page.on('pageerror', (e) => errors.push(e.message));
  const open = async (path) => {
    await page.goto(`${baseUrl}/workspace/${path}${path.includes('?') ? '&' : '?'}as=${person}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
  };
  const axe = async () => {
    // Tabster's focus guards (Fluent's charts use them) are aria-hidden on purpose and hand focus straight on; axe cannot
    // know that, so they are left out. Everything else on the page is checked.
    const report = await new AxeBuilder({ page }).exclude('[data-tabster-dummy]').analyze();
    return report.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  };
  const scenarios = {
    async home() {
      await open('');
      await page.getByRole('region', { name: 'Coverage by clause group and Annex A objective' }).getByRole('button', { name: /^A\.6:/ }).click();
      result.gapStatus = await page.getByText(/^A\.6 .*gaps$/).textContent();
      result.gapRows = await page.getByRole('table', { name: 'Gaps and what would close them' }).locator('tbody tr').count();
      result.heatmapCells = await page.locator('td[aria-label^="likelihood"]').count();
      result.inherentCells = await page.locator('table', { hasText: 'Inherent (likelihood' }).locator('td[aria-label^="likelihood"]').evaluateAll((cells) => cells.map((c) => c.getAttribute('aria-label')));
      result.tasks = await page.getByRole('region', { name: 'My tasks' }).textContent();
      result.nav = await page.getByRole('navigation', { name: 'Workspace pages' }).getByRole('link').allTextContents();
      result.devBanner = await page.getByRole('region', { name: 'Development sign-in' }).textContent();
      result.axe = await axe();
    },
    async system() {
      await open('systems/new');
      await page.getByRole('button', { name: 'Add to the register' }).click();
      result.purposeError = await page.getByText('Required.').first().textContent();
      await page.getByLabel('Name').fill(arg);
      await page.getByLabel('Purpose').fill('Routes support tickets to the right queue.');
      await page.getByLabel('Business unit').fill('Customer Operations');
      await page.getByLabel('Model type').fill('Text classifier');
      await page.getByLabel('Life cycle stage').selectOption('Design');
      await page.getByLabel('Our role').selectOption('Developer');
      await page.getByLabel('Autonomy').selectOption('DecisionSupport');
      await page.getByLabel('EU AI Act risk class').selectOption('Minimal');
      await page.getByLabel('Impact assessment').selectOption('NotStarted');
      await page.getByRole('button', { name: 'Add to the register' }).click();
      await page.getByRole('heading', { level: 1, name: arg }).waitFor();
      result.url = page.url();
      result.axe = await axe();
      await open('systems/import');
      await page.getByLabel('CSV text').fill('id,name,purpose\nbad-one,,x\n');
      await page.getByRole('button', { name: 'Check (dry run)' }).click();
      await page.getByRole('table', { name: 'Errors by row' }).waitFor();
      result.importErrors = await page.getByRole('table', { name: 'Errors by row' }).locator('tbody tr').allTextContents();
      result.importAxe = await axe();
    },
    async risk() {
      await open('risks/new');
      await page.getByRole('button', { name: 'Create risk' }).click();
      result.titleError = await page.getByText('A title is required.').textContent();
      await page.getByLabel('AI system').selectOption({ index: 1 });
      await page.getByLabel(/^Title\b/).fill(arg);
      await page.getByLabel('Category').selectOption('Privacy');
      await page.getByLabel(/^Source\b/).selectOption('Data');
      await page.getByLabel(/^Likelihood\b/).selectOption('4');
      await page.getByLabel(/^Impact\b/).selectOption('3');
      await page.getByLabel(/^Treatment(?! plan)/).selectOption('Mitigate');
      await page.getByLabel('Treatment plan').fill('Mask personal data before training.');
      await page.getByLabel('Residual likelihood').selectOption('2');
      await page.getByLabel('Residual impact').selectOption('2');
      await page.getByRole('button', { name: 'Create risk' }).click();
      await page.getByRole('button', { name: 'Submit for a decision' }).waitFor();
      result.id = (await page.getByRole('heading', { level: 1 }).textContent()).replace('Risk ', '');
      await page.getByRole('button', { name: 'Submit for a decision' }).click();
      await page.getByText(/^Submitted .* for a decision\.$/).waitFor();
      result.history = await page.getByRole('region', { name: 'Decision history' }).textContent();
      result.axe = await axe();
      await open('risks?x=1');
      await page.getByLabel('State').selectOption('Submitted');
      await page.getByRole('link', { name: new RegExp(`^${result.id}:`) }).waitFor();
      result.listAxe = await axe();
    },
    async soa() {
      await open('soa');
      // The versions arrive after the heading (the test approved a baseline through the API, as top management).
      await page.getByText(/^Last approved: version \d+/).first().waitFor();
      result.approveOffered = await page.getByRole('button', { name: 'Approve this version' }).count();
      const group = page.getByRole('group', { name: new RegExp(`^${arg.replace(/\./g, '\\.')} `) });
      await group.getByLabel('Justification').fill('Set in the workspace test.');
      await group.getByLabel('Status').selectOption('Partially');
      // Someone else changes the same entry meanwhile: the test does it through the API, then says go on stdin.
      if (process.env.AIMS_SOA_CONFLICT) {
        process.stdout.write('READY_FOR_CONFLICT\n');
        await new Promise((resolve) => process.stdin.once('data', resolve));
        process.stdin.destroy(); // else the open pipe keeps node alive after the scenario
        await group.getByRole('button', { name: `Save ${arg}` }).click();
        await group.getByRole('button', { name: 'Reload their version, keep my edits' }).click();
        result.keptJustification = await group.getByLabel('Justification').inputValue();
      }
      await group.getByRole('button', { name: `Save ${arg}` }).click();
      await group.getByText('Saved.').waitFor();
      await page.getByRole('switch', { name: 'Compare with the last approved version' }).check();
      result.compare = await page.getByRole('region', { name: /^Changes since version/ }).textContent();
      result.controls = await page.getByRole('group', { name: /^A\.\d+\.\d+/ }).count();
      result.axe = await axe();
    },
    // Top management reviews the changes since the last version and approves.
    async soaApprove() {
      await open('soa');
      await page.getByText(/^Last approved: version \d+/).first().waitFor();
      await page.getByRole('switch', { name: 'Compare with the last approved version' }).check();
      result.compare = await page.getByRole('region', { name: /^Changes since version/ }).textContent();
      await page.getByRole('button', { name: 'Approve this version' }).click();
      result.approved = await page.getByText(/^Version \d+ approved by/).textContent();
      const version = /^Version (\d+)/.exec(result.approved)[1];
      result.compareAfter = await page.getByRole('region', { name: `Changes since version ${version}` }).textContent();
      result.axe = await axe();
    },
    async evidence() {
      await open('evidence');
      await page.getByRole('button', { name: 'Verify the ledger' }).click();
      result.ledger = await page.getByText(/^The ledger is (intact|broken)$/).textContent();
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Download the audit pack' }).click();
      result.pack = (await download).suggestedFilename();
      await page.getByLabel('Subject').fill(arg);
      await page.getByRole('button', { name: 'Filter' }).click();
      // The list is filtered once every row shown is of that subject.
      await page.waitForFunction((subject) => {
        const cells = [...document.querySelectorAll('table[aria-label="Evidence items"] tbody tr td:nth-child(3)')];
        return cells.length > 0 && cells.every((c) => c.textContent === subject);
      }, arg);
      result.subjects = [...new Set(await page.getByRole('table', { name: 'Evidence items' }).locator('tbody tr td:nth-child(3)').allTextContents())];
      result.axe = await axe();
    },
    async lifecycle() {
      // The credit scoring model waits in verification: its deployment gate lists what is missing.
      await open('systems/demo-credit-scoring');
      const criteria = page.getByRole('list', { name: 'Criteria of the next gate' });
      await criteria.waitFor();
      result.criteria = await criteria.getByRole('listitem').allTextContents();
      result.stageDisabled = await page.getByLabel('Life cycle stage').isDisabled();
      result.datasets = await page.getByRole('region', { name: 'Datasets' }).textContent();
      result.axe = await axe();
      // Alex owns the contract summariser: he asks its gate approver for the next gate.
      await open('systems/demo-document-summariser');
      await page.getByLabel('Reason for the request').fill(arg);
      await page.getByRole('button', { name: /^Request the .* gate$/ }).click();
      result.sent = await page.getByText(/sent to .* in Teams\.$/).textContent();
      result.waiting = await page.getByText(/is waiting for/).textContent();
      result.requestAxe = await axe();
    },
    async context() {
      await open('context');
      await page.getByRole('table', { name: 'Issues' }).waitFor();
      result.issuesBefore = await page.getByRole('table', { name: 'Issues' }).locator('tbody tr').count();
      await page.getByRole('button', { name: 'Add the issue' }).click();
      await page.getByText('Internal or External.').waitFor();
      result.originError = await page.getByText('Internal or External.').textContent();
      await page.getByLabel('Title').fill(arg);
      await page.getByLabel('Origin').selectOption('External');
      await page.getByLabel('Category').selectOption('Regulatory');
      await page.getByLabel('Description').fill('A new national AI law applies from next year.');
      await page.getByLabel('Effect on the AIMS').fill('Impact assessments must be filed with the regulator.');
      await page.getByRole('button', { name: 'Add the issue' }).click();
      result.saved = await page.getByText(/^Added .*\.$/).textContent();
      await page.getByRole('table', { name: 'Issues' }).getByText(arg, { exact: false }).waitFor();
      result.issuesAfter = await page.getByRole('table', { name: 'Issues' }).locator('tbody tr').count();
      result.axe = await axe();
    },
    async assessment() {
      await open('assessments');
      await page.getByRole('table', { name: 'Impact assessments' }).waitFor();
      await page.getByLabel('AI system').selectOption({ label: 'CV screening assistant' });
      await page.getByRole('textbox', { name: /^Title/ }).fill(arg);
      await page.getByLabel('Harm: Who is affected').selectOption('Individuals');
      await page.getByLabel('Harm: Potential harm').fill('Qualified applicants ranked low');
      await page.getByLabel('Harm: Severity').selectOption('Major');
      await page.getByLabel('Harm: Affected people (separated by ;)').fill('Job applicants');
      await page.getByRole('button', { name: 'Create the draft' }).click();
      result.draft = await page.getByText(/^Draft .* saved\.$/).textContent();
      // Submitting the incomplete draft: the API names what ISO/IEC 42005 still asks for, each at its field.
      await page.getByRole('button', { name: 'Submit for review' }).click();
      await page.getByText('Describe the system and its functions.').waitFor();
      result.missing = await page.getByText('State the reasonably foreseeable misuse.').textContent();
      result.harmMissing = await page.getByText('Say what addresses this harm.').textContent();
      result.draftAxe = await axe();
      const texts = {
        'System description and functions': 'Ranks applications against the role profile',
        'Intended uses': 'Shortlisting support for recruiters',
        'Reasonably foreseeable misuse': 'Rejecting applicants on the ranking alone',
        'Data used and its quality': 'Five years of applications, school names removed',
        'Model information': 'Fine-tuned classification model',
        'Deployment environment': 'Recruiting tool, EU only',
        'What triggers a new assessment': 'Model, data or intended use change',
      };
      for (const [label, text] of Object.entries(texts)) await page.getByLabel(label, { exact: true }).fill(text);
      await page.getByLabel('Next review').fill('2027-06-30');
      await page.getByLabel('Harm: Likelihood (1 to 5)').selectOption('3');
      await page.getByLabel('Harm: Reversibility').selectOption('PartlyReversible');
      await page.getByLabel('Harm: Scale').selectOption('Many');
      await page.getByLabel('Harm: Measures that address it').fill('A recruiter reads every application the ranking puts last');
      await page.getByRole('button', { name: 'Save the draft' }).click();
      await page.getByText(/^Draft .* saved\.$/).waitFor();
      await page.getByRole('button', { name: 'Submit for review' }).click();
      result.submitted = await page.getByText(/submitted: an independent reviewer/).textContent();
      result.axe = await axe();
    },
    // Megan owns the explainability objective (measured by hand): she records this quarter's survey result.
    async objectives() {
      await open('objectives');
      await page.getByRole('table', { name: 'Objectives' }).getByRole('link', { name: /^OBJ-3:/ }).click();
      await page.getByRole('button', { name: 'Record the measurement' }).click();
      result.valueError = await page.getByText('A number is required.').textContent();
      await page.getByLabel(/^Value/).fill(arg);
      await page.getByLabel('Note').fill('Survey of 14 credit analysts.');
      await page.getByRole('button', { name: 'Record the measurement' }).click();
      await page.getByText('Measurement recorded.').waitFor();
      result.history = await page.getByRole('table', { name: 'Measurements' }).locator('tbody tr').allTextContents();
      result.axe = await axe();
      await open('objectives');
      result.listAxe = await axe();
    },
    // Alex uploads a new version of the AI policy and submits it; Adele approves it on the same page.
    async documents() {
      await open('documents/DOC-1');
      await page.getByRole('button', { name: 'Upload the version' }).click();
      result.fileError = await page.getByText('A file is required.').textContent();
      await page.getByRole('textbox', { name: 'Version' }).fill(arg);
      await page.getByLabel('What changed').fill('Adds the rules for generative AI tools.');
      await page.getByLabel('File').setInputFiles({ name: 'AI-policy.md', mimeType: 'text/markdown', buffer: Buffer.from(`# AI policy ${arg}\nGenerative AI tools need approval.\n`) });
      await page.getByRole('button', { name: 'Upload the version' }).click();
      await page.getByText(`Version ${arg} uploaded: submit it for approval when it is ready.`).waitFor();
      await page.getByRole('button', { name: `Submit ${arg} for approval` }).click();
      result.submitted = await page.getByText(`Version ${arg} submitted for approval.`).textContent();
      result.axe = await axe();
      await open('documents');
      result.listAxe = await axe();
    },
    async documentApprove() {
      await open('documents/DOC-1');
      await page.getByRole('button', { name: `Approve ${arg}` }).click();
      result.approved = await page.getByText(`Version ${arg}: approved.`).textContent();
      result.axe = await axe();
    },
    // Isaiah audits risk management: he records a minor nonconformity (it opens a report) and completes the audit.
    async audit() {
      await open('audits/IA-demo-1');
      await page.getByRole('button', { name: 'Record the finding' }).click();
      result.typeError = await page.getByRole('alert').first().textContent();
      await page.getByLabel('Type of finding').selectOption('MinorNonconformity');
      await page.getByLabel('Clause or control').fill('6.1.3');
      await page.getByLabel('What was found').fill(arg);
      await page.getByRole('button', { name: 'Record the finding' }).click();
      await page.getByText('Finding recorded.').waitFor();
      result.findings = await page.getByRole('table', { name: 'Findings' }).locator('tbody tr').allTextContents();
      result.axe = await axe();
      await page.getByRole('button', { name: 'Complete the audit' }).click();
      result.completed = await page.getByText('Audit completed.').textContent();
    },
    // Alex plans the next audit, picking its auditor by name.
    async auditPlan() {
      await open('audits');
      await page.getByLabel('Title').fill(arg);
      await page.getByLabel(/^Scope/).fill('7.2, A.4.6');
      await page.getByLabel('Planned for').fill('2027-03-01');
      await page.getByRole('combobox', { name: 'Auditor' }).pressSequentially('Isai');
      await page.getByRole('option', { name: /^Isaiah Langer/ }).click();
      await page.getByRole('button', { name: 'Plan the audit' }).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(`: ${arg}$`) }).waitFor();
      result.heading = await page.getByRole('heading', { level: 1 }).textContent();
      result.axe = await axe();
    },
    // Alex handles the nonconformity: correction, corrective action with its owner and due date, the check for similar ones.
    async report() {
      await open(`reports/${arg}`);
      await page.getByRole('button', { name: 'Record the correction' }).click();
      result.correctionError = await page.getByText('Say what was done to control and correct the nonconformity.').textContent();
      // Only the form that was sent shows the refusal, though the corrective action's form has a field of the same name.
      result.actionErrors = await page.getByRole('region', { name: 'Corrective action (removing the cause)' }).getByRole('alert').count();
      await page.getByRole('textbox', { name: 'Correction' }).fill('Paused automatic acceptance of Critical residual risks.');
      await page.getByRole('button', { name: 'Record the correction' }).click();
      await page.getByText('Correction recorded.').waitFor();
      await page.getByLabel('Root cause').fill('The approval rule did not look at the risk appetite.');
      await page.getByRole('textbox', { name: 'Corrective action' }).fill('Route residual ratings above appetite to top management.');
      await page.getByRole('combobox', { name: 'Action owner' }).pressSequentially('Megan');
      await page.getByRole('option', { name: /^Megan Bowen/ }).click();
      await page.getByLabel('Due').fill('2027-02-15');
      await page.getByRole('button', { name: 'Record the corrective action' }).click();
      await page.getByText('Corrective action recorded.').waitFor();
      await page.getByLabel('Conclusion of the check').fill('No other report has the same cause.');
      await page.getByRole('button', { name: 'Record the check' }).click();
      await page.getByText('Check for similar nonconformities recorded.').waitFor();
      result.action = await page.getByRole('region', { name: 'Corrective action (removing the cause)' }).textContent();
      result.axe = await axe();
      await open('reports');
      result.listAxe = await axe();
    },
    // Adele records the management review on the latest digest: attendees, the 9.3.1 judgements, a conclusion, one decision.
    async review() {
      await open(process.env.AIMS_MEETING ? 'meeting' : 'review');
      await page.getByRole('button', { name: 'Record the review' }).click();
      result.conclusionError = await page.getByText('Conclusion: write the review\'s conclusion on the AIMS.').textContent();
      await page.getByRole('combobox', { name: 'Attendees' }).pressSequentially('Alex');
      await page.getByRole('option', { name: /^Alex Wilber/ }).click();
      for (const q of ['Is the AIMS still suitable?', 'Is the AIMS adequate?']) await page.getByRole('radiogroup', { name: q }).getByLabel('Yes').check();
      await page.getByRole('radiogroup', { name: 'Is the AIMS effective?' }).getByLabel('Partly').check();
      await page.getByLabel('Conclusion').fill(arg);
      await page.getByLabel('Decision 1: what was decided').fill('Extend the AI policy to generative AI tools.');
      await page.getByLabel('Decision 1: about').selectOption('ChangeToAims');
      await page.getByLabel('Decision 1: action to carry it out').fill('Draft the generative AI section of the AI policy.');
      await page.getByRole('combobox', { name: 'Decision 1: action owner' }).pressSequentially('Alex');
      await page.getByRole('option', { name: /^Alex Wilber/ }).click();
      await page.getByLabel('Decision 1: action due').fill('2027-03-31');
      result.formAxe = await axe();
      await page.getByRole('button', { name: 'Record the review' }).click();
      await page.getByRole('region', { name: 'The review held on this digest' }).waitFor();
      result.record = await page.getByRole('region', { name: 'The review held on this digest' }).textContent();
      result.inputs = await page.getByRole('group', { name: /9\.3\.2/ }).count();
      result.overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      result.nav = await page.getByRole('navigation', { name: 'Workspace pages' }).count();
      result.axe = await axe();
    },
    async staff() {
      await open('');
      result.nav = await page.getByRole('navigation', { name: 'Workspace pages' }).getByRole('link').allTextContents();
      result.axe = await axe();
      const pages = {};
      for (const p of ['systems', 'risks', 'soa', 'evidence', 'context', 'assessments', 'objectives', 'documents', 'audits', 'reports', 'review']) {
        await open(p);
        pages[p] = await page.getByRole('heading', { level: 1 }).textContent();
      }
      result.pages = pages;
      await page.goto(`${baseUrl}/workspace/meeting?as=${person}`);
      result.meetingPanel = await page.getByText(/^The management review is for/).textContent();
    },
    async narrow() {
      // Teams' narrow widths, in the dark theme: nothing may need horizontal scrolling of the whole page.
      for (const path of ['?theme=dark', 'risks?theme=dark', 'soa?theme=dark']) {
        await open(path);
        await page.waitForLoadState('networkidle');
        result[path.split('?')[0] || 'home'] = await page.evaluate(() => ({
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          theme: document.querySelector('[data-theme]')?.getAttribute('data-theme'),
          background: getComputedStyle(document.querySelector('[data-theme]')).backgroundColor,
        }));
      }
      result.axe = await axe();
    },
    // A card's "Open in workspace" (the DevHost form, arg) lands on the item's page; AIMS_SUB_PAGES (a JSON array) are sub page
    // ids as a Teams deep link would hand them to the page, answered with the route the page follows (null: it stays on Home).
    async cardLink() {
      const { routeFromSubPageId } = await deepLinks();
      result.subPages = Object.fromEntries(JSON.parse(process.env.AIMS_SUB_PAGES || '[]').map((s) => [s, routeFromSubPageId(s)]));
      await page.goto(`${arg}${arg.includes('?') ? '&' : '?'}as=${person}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      result.path = new URL(page.url()).pathname;
      result.heading = await page.getByRole('heading', { level: 1 }).first().textContent();
      if (result.path.includes('/risks/')) {
        const title = page.getByLabel(/^Title\b/);
        await title.waitFor();
        // The page reads the risk after its heading: wait until the form holds it.
        await page.waitForFunction((el) => el.value.length > 0, await title.elementHandle());
        result.title = await title.inputValue();
      }
      result.axe = await axe();
    },
    async chooser() {
      await page.goto(`${baseUrl}/workspace/`);
      await page.getByRole('heading', { level: 1, name: 'AIMS workspace' }).waitFor();
      result.banner = await page.getByText('Development sign-in', { exact: true }).textContent();
      await page.getByLabel('Sign in as').selectOption(person);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
      result.who = await page.locator('header').textContent();
      result.axe = await axe();
    },
  };
  if (!scenarios[scenario]) throw new Error(`unknown scenario ${scenario}`);
  await scenarios[scenario]();
  result.pageErrors = errors;
  process.stdout.write(JSON.stringify(result) + '\n');
} catch (e) {
  // What the page showed when the step failed, so a red test says more than "timeout".
  const shown = await page?.locator('body').innerText().catch(() => '') ?? '';
  process.stderr.write(`${scenario} failed: ${e?.stack ?? e}\npage errors: ${errors.join(' | ')}\npage text: ${shown.slice(0, 2000)}\n`);
  process.exitCode = 1;
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
