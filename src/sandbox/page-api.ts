// The page's JSON API: each route does what a person does in Slack (types a command, clicks,
// submits, closes, opens Home) through the driver, as Slack would send it, and answers with what
// the person now sees and what a developer should notice.

import type { DriverResponse, StateValues } from './driver.ts';
import type { JsonObject, StoredView } from './fake-slack.ts';
import { isObj, isPerson, type PageContext, person, Refusal, text } from './page-context.ts';
import { pageState } from './page-state.ts';
import { SANDBOX_PEOPLE } from './seed.ts';

export type PageRoute = (page: PageContext, body: JsonObject) => Promise<JsonObject>;

/** Slack gives up on an ack after this long and shows the person an error instead. */
const SLACK_ACK_LIMIT_MS = 3000;

export const PAGE_ROUTES: Readonly<Record<string, PageRoute>> = {
  '/api/state': showState,
  '/api/command': typeCommand,
  '/api/action': clickAction,
  '/api/submit': submitForm,
  '/api/close': closeForm,
  '/api/options': suggestOptions,
  '/api/home-opened': openHome,
  '/api/clock': moveClock,
  '/api/sweep': runSweep,
};

/** Waits for the app's after-ack work, then gathers what a developer should see: rejected Slack calls and logged errors. */
async function finish(page: PageContext, callsBefore: number, notices: string[]): Promise<string[]> {
  await page.lifering.idle();
  for (const call of page.fake.calls.slice(callsBefore)) {
    if (call.response.ok !== false) continue;
    const detail = Array.isArray((call.response.response_metadata as JsonObject | undefined)?.messages)
      ? ` (${((call.response.response_metadata as JsonObject).messages as string[]).join('; ')})`
      : '';
    notices.push(`Slack rejected the app's ${call.method}: ${String(call.response.error)}${detail}`);
  }
  notices.push(...page.logged.splice(0));
  return notices;
}

/** What Slack shows when the app answers late or not at all. */
function ackProblem(res: DriverResponse, startedAt: number, what: string): string | undefined {
  if (res.status !== 200)
    return `${what} failed with the error "dispatch_failed" (the app answered HTTP ${res.status}).`;
  const took = Date.now() - startedAt;
  if (took > SLACK_ACK_LIMIT_MS)
    return `${what} failed with the error "operation_timeout" (the app took ${took} ms; Slack waits 3 s).`;
  return undefined;
}

function openView(page: PageContext, viewId: unknown): StoredView {
  const view = page.fake.view(text(viewId, 'viewId'));
  if (!view)
    throw new Refusal('That form is no longer open: it was closed or replaced. Open it again to carry on.', 409);
  return view;
}

/** What Slack does when someone opens the app's Home tab: sends app_home_opened, shows what the app published. */
async function homeOpened(page: PageContext, user: string): Promise<JsonObject> {
  const before = page.fake.calls.length;
  const res = await page.driver.appHomeOpened(user);
  const notices = res.status === 200 ? [] : [`The app answered the app_home_opened event with HTTP ${res.status}.`];
  return { notices: await finish(page, before, notices), state: pageState(page, user) };
}

async function openHome(page: PageContext, body: JsonObject): Promise<JsonObject> {
  return homeOpened(page, person(body.user));
}

async function showState(page: PageContext, body: JsonObject): Promise<JsonObject> {
  // A page opened fresh, or remembering someone no longer seeded, starts as the first person.
  const user = isPerson(body.user) ? String(body.user) : SANDBOX_PEOPLE[0]?.id;
  // A page opening on the Home tab asks for it in the same request: one round trip less to usable.
  if (body.openHome === true && user) return homeOpened(page, user);
  return { state: pageState(page, user) };
}

async function typeCommand(page: PageContext, body: JsonObject): Promise<JsonObject> {
  const user = person(body.user);
  const typed = String(body.text ?? '').trim();
  const match = /^(\/\S+)\s*([\s\S]*)$/.exec(typed);
  if (!match) throw new Refusal('This sandbox has no channels to post in: type a command, starting with /mentor.');
  const [, command, rest] = match;
  if (command !== '/mentor') {
    throw new Refusal(`${command} is not a valid command. In this workspace the only command is /mentor.`);
  }
  const before = page.fake.calls.length;
  const startedAt = Date.now();
  const res = await page.driver.command(user, rest ?? '');
  const notices: string[] = [];
  const problem = ackProblem(res, startedAt, '/mentor');
  if (problem) notices.push(problem);
  else if (isObj(res.body) && (typeof res.body.text === 'string' || Array.isArray(res.body.blocks))) {
    const content = {
      text: typeof res.body.text === 'string' ? res.body.text : '',
      ...(Array.isArray(res.body.blocks) ? { blocks: res.body.blocks } : {}),
    };
    page.fake.showAckReply('C0GENERAL', user, content, res.body.response_type === 'in_channel');
  }
  return { notices: await finish(page, before, notices), state: pageState(page, user) };
}

async function clickAction(page: PageContext, body: JsonObject): Promise<JsonObject> {
  const user = person(body.user);
  const action = body.action;
  if (!isObj(action) || typeof action.action_id !== 'string') throw new Refusal('action is missing');
  const container = isObj(body.container) ? body.container : {};
  const values = isObj(body.values) ? (body.values as StateValues) : undefined;
  const before = page.fake.calls.length;
  const startedAt = Date.now();
  let res: DriverResponse;
  if (container.type === 'view') {
    openView(page, container.viewId);
    res = await page.driver.blockAction(user, action as never, {
      viewId: String(container.viewId),
      ...(values ? { values } : {}),
    });
  } else {
    const channel = text(container.channel, 'channel');
    const ts = text(container.ts, 'ts');
    if (!page.fake.messages.some((m) => m.channel === channel && m.ts === ts && !m.deleted)) {
      throw new Refusal('That message was deleted.', 409);
    }
    res = await page.driver.blockAction(user, action as never, {
      channelId: channel,
      messageTs: ts,
      ...(values ? { values } : {}),
    });
  }
  const notices: string[] = [];
  const problem = ackProblem(res, startedAt, 'That button');
  if (problem) notices.push(problem);
  return { notices: await finish(page, before, notices), state: pageState(page, user) };
}

async function submitForm(page: PageContext, body: JsonObject): Promise<JsonObject> {
  const user = person(body.user);
  const view = openView(page, body.viewId);
  const values = isObj(body.values) ? (body.values as StateValues) : {};
  const before = page.fake.calls.length;
  const startedAt = Date.now();
  const res = await page.driver.submitView(user, view.id, values);
  const notices: string[] = [];
  const problem = ackProblem(res, startedAt, 'Submitting the form');
  if (problem) notices.push(`${problem} Slack would show "We had some trouble connecting. Try again?"`);
  if (res.viewErrors?.length)
    notices.push(`Slack would refuse the app's answer to this submission: ${res.viewErrors.join('; ')}`);
  const errors =
    isObj(res.body) && res.body.response_action === 'errors' && isObj(res.body.errors) ? res.body.errors : undefined;
  return { errors: errors ?? null, notices: await finish(page, before, notices), state: pageState(page, user) };
}

async function closeForm(page: PageContext, body: JsonObject): Promise<JsonObject> {
  const user = person(body.user);
  const view = openView(page, body.viewId);
  const before = page.fake.calls.length;
  // Slack tells the app only when the view asked for it; Bolt would otherwise leave it unanswered.
  if (view.notify_on_close === true) await page.driver.closeView(user, view.id);
  else page.fake.closeView(view.id);
  return { notices: await finish(page, before, []), state: pageState(page, user) };
}

async function suggestOptions(page: PageContext, body: JsonObject): Promise<JsonObject> {
  const user = person(body.user);
  const viewId = typeof body.viewId === 'string' && body.viewId ? body.viewId : undefined;
  if (viewId) openView(page, viewId);
  const res = await page.driver.blockSuggestion(
    user,
    {
      action_id: text(body.action_id, 'action_id'),
      block_id: text(body.block_id, 'block_id'),
      value: String(body.value ?? ''),
    },
    viewId ? { viewId } : {},
  );
  const answer = isObj(res.body) ? res.body : {};
  return {
    options: answer.options ?? null,
    option_groups: answer.option_groups ?? null,
    notices: page.logged.splice(0),
  };
}

async function moveClock(page: PageContext, body: JsonObject): Promise<JsonObject> {
  const at = body.at === null || body.at === undefined || body.at === '' ? undefined : new Date(String(body.at));
  if (at && Number.isNaN(at.getTime())) throw new Refusal('That is not a date and time.');
  page.setClock(at);
  return { state: pageState(page, body.user ? person(body.user) : undefined) };
}

async function runSweep(page: PageContext, body: JsonObject): Promise<JsonObject> {
  const user = body.user ? person(body.user) : undefined;
  if (body.at) {
    const at = new Date(String(body.at));
    if (Number.isNaN(at.getTime())) throw new Refusal('That is not a date and time.');
    page.setClock(at);
  }
  const before = page.fake.calls.length;
  const summary = await page.runSweep(page.now(), page.lifering);
  return { summary, notices: await finish(page, before, []), state: pageState(page, user) };
}
