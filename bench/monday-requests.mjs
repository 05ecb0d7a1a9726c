// The Monday-morning mix: what people do at 9:00, each request shaped as Slack sends it (from
// test/fixtures/slack-payloads, Slack's published samples) and aimed at seeded people and
// mentorships, so that Lifering does the real work. Plain JavaScript: the load worker imports it.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Each kind and how often it comes, per 100 requests: Home and `/mentor list` most. */
export const KINDS = [
  { name: 'Home opened', weight: 32 },
  { name: '/mentor list', weight: 22 },
  { name: '/mentor help', weight: 6 },
  { name: 'progress page opened', weight: 12, modal: true },
  { name: 'meeting report submitted', weight: 10 },
  { name: 'life ring raised', weight: 5 },
  { name: 'Accept clicked', weight: 8 },
  { name: 'admin: /mentor admin mentorships', weight: 5, modal: true },
];
// BENCH_MONDAY_KINDS=<kind>[,<kind>…] sends only those kinds (each kind's own cost, measured alone).
const ONLY = (process.env.BENCH_MONDAY_KINDS ?? '').split(',').filter(Boolean);
const DRAWN = ONLY.length ? KINDS.filter((k) => ONLY.includes(k.name)) : KINDS;
if (DRAWN.length === 0) throw new Error(`BENCH_MONDAY_KINDS names no kind of: ${KINDS.map((k) => k.name).join(', ')}`);
const TOTAL = DRAWN.reduce((n, k) => n + k.weight, 0);

const fixture = (name) =>
  JSON.parse(
    readFileSync(new URL(`../test/fixtures/slack-payloads/${name}`, import.meta.url), 'utf8').replace(
      /\{\{[A-Z_]+\}\}/g,
      'x',
    ),
  );
const TEMPLATES = {
  command: fixture('slash-command.json'),
  home: fixture('event-app-home-opened.json'),
  action: fixture('block-actions-home.json'),
  report: fixture('view-submission-report.json'),
  assist: fixture('view-submission-assist.json'),
};

let counter = 0;
const unique = () => `${++counter}${randomBytes(4).toString('hex')}`;
const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
const form = (fields) => ({ type: 'application/x-www-form-urlencoded', body: new URLSearchParams(fields).toString() });
const payload = (p) => form({ payload: JSON.stringify(p) });
/** Fresh ids of one delivery: a view id and hash (a report's submission key), a trigger. */
const ids = (plan) => ({ trigger: plan.triggers.pop() ?? `1.${Date.now()}.${unique()}`, view: `V${unique()}` });

function command(plan, userId, text) {
  const { trigger } = ids(plan);
  const c = TEMPLATES.command;
  const fields = { ...c, team_id: plan.teamId, user_id: userId, text, trigger_id: trigger };
  // A response_url the fake Slack issued: a command slower than its deadline answers there.
  const responseUrl = plan.responseUrls.pop() ?? 'http://127.0.0.1:9/unused';
  return { ...form({ ...fields, response_url: responseUrl }), trigger };
}

function homeOpened(plan) {
  const e = structuredClone(TEMPLATES.home);
  Object.assign(e, { team_id: plan.teamId, context_team_id: plan.teamId, event_id: `Ev${unique()}` });
  e.event.user = pick(plan.people);
  e.event_time = Math.floor(Date.now() / 1000);
  e.authorizations[0].team_id = plan.teamId;
  return { type: 'application/json', body: JSON.stringify(e) };
}

/** A button on Home (block_actions), clicked by `userId`. */
function homeButton(plan, userId, actionId, value) {
  const a = structuredClone(TEMPLATES.action);
  const { trigger, view } = ids(plan);
  Object.assign(a, { trigger_id: trigger, team: { id: plan.teamId, domain: 'bench' } });
  a.user = { ...a.user, id: userId, team_id: plan.teamId };
  Object.assign(a.view, { id: view, team_id: plan.teamId, app_installed_team_id: plan.teamId });
  a.actions = [{ ...a.actions[0], action_id: actionId, value }];
  return { ...payload(a), trigger };
}

function reportSubmitted(plan) {
  const [mentorshipId, supporterId, menteeId] = pick(plan.active);
  const r = structuredClone(TEMPLATES.report);
  const { trigger, view } = ids(plan);
  Object.assign(r, { trigger_id: trigger, team: { id: plan.teamId, domain: 'bench' } });
  r.user = { ...r.user, id: supporterId, team_id: plan.teamId };
  Object.assign(r.view, { id: view, hash: unique(), team_id: plan.teamId, app_installed_team_id: plan.teamId });
  r.view.private_metadata = JSON.stringify({ menteeId, mentorshipIds: [mentorshipId] });
  const v = r.view.state.values;
  v.report_met_on.report_met_on.selected_date = plan.metOn;
  v.report_goals.report_goals.selected_options = [];
  return payload(r);
}

function lifeRingRaised(plan) {
  const a = structuredClone(TEMPLATES.assist);
  const { trigger, view } = ids(plan);
  Object.assign(a, { trigger_id: trigger, team: { id: plan.teamId, domain: 'bench' } });
  a.user = { ...a.user, id: pick(plan.mentees), team_id: plan.teamId };
  Object.assign(a.view, { id: view, team_id: plan.teamId, app_installed_team_id: plan.teamId });
  a.view.state.values.assist_topic.value.selected_option.value = String(pick(plan.topics));
  return payload(a);
}

/** One request of `kind`, as Slack would send it now. `trigger` is set for a kind that opens a modal. */
export function requestOf(kind, plan) {
  switch (kind) {
    case 'Home opened':
      return homeOpened(plan);
    case '/mentor list':
      return command(plan, pick(plan.people), 'list');
    case '/mentor help':
      return command(plan, pick(plan.people), 'help');
    case 'progress page opened': {
      const mentee = pick(plan.mentees);
      return homeButton(plan, mentee, 'progress.open', mentee);
    }
    case 'meeting report submitted':
      return reportSubmitted(plan);
    case 'life ring raised':
      return lifeRingRaised(plan);
    case 'Accept clicked': {
      // Each pending offer accepted once; once every one is, the clicks find them accepted already.
      const [id, supporterId] = plan.pending[plan.nextPending++ % plan.pending.length];
      return homeButton(plan, supporterId, 'mentorship.accept', String(id));
    }
    default:
      return command(plan, plan.admin, 'admin mentorships');
  }
}

/** A kind drawn by its weight. */
export function drawKind() {
  let r = Math.random() * TOTAL;
  for (const k of DRAWN) {
    r -= k.weight;
    if (r < 0) return k.name;
  }
  return DRAWN[0].name;
}
