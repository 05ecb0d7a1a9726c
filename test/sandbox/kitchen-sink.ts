// A test-only feature that sends every block and element type the sandbox page must render,
// and answers submissions with each response_action, so the browser test exercises the whole
// renderer and modal machinery before the real features land.
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { Deps } from '../../src/deps.ts';
import type { Feature, Listener } from '../../src/features/feature.ts';
import { actions, button, confirm, context, divider, header, input, modal, section } from '../../src/slack/blocks.ts';
import { selectedDate, selectedUser, selectedValue, selectedValues, textOf } from '../../src/slack/view-state.ts';

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
// A 1x1 PNG, so the image block loads without the network.
const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const option = (text: string, value: string, description?: string): PlainTextOption => ({
  text: plain(text),
  value,
  ...(description ? { description: plain(description) } : {}),
});

export const TOPICS = [
  option('Rust', 'rust'),
  option('Public speaking', 'speaking'),
  option('Management', 'management'),
];

export function kitchenModal(): ModalView {
  const blocks: KnownBlock[] = [
    header('Everything :tada:'),
    section(
      '*Bold*, _italic_, ~strike~, `code`, <https://example.com|a link> and <@U0SAM>; 1 &lt; 2 &amp; 3 &gt; 2 :ring_buoy: :not_an_emoji:',
      {
        fields: ['*Supporter*\n<@U0PRIYA>', '*Due*\n:calendar: 1 Dec'],
        accessory: {
          type: 'overflow',
          action_id: 'kitchen.overflow',
          options: [option('Snooze a week', 'snooze'), option('End', 'end')],
        },
      },
    ),
    context('> quoted line', '```a pre block```'),
    { type: 'image', image_url: PIXEL, alt_text: 'a pixel', title: plain('A picture') },
    divider(),
    input('goal', 'Your goal', {
      type: 'plain_text_input',
      action_id: 'goal_text',
      placeholder: plain('What do you want to learn?'),
    }),
    input(
      'notes',
      'Notes',
      { type: 'plain_text_input', action_id: 'notes_text', multiline: true },
      { optional: true, hint: 'Only your supporter sees these.' },
    ),
    input(
      'hours',
      'Hours a month',
      { type: 'number_input', action_id: 'hours_value', is_decimal_allowed: false, min_value: '1', max_value: '40' },
      { optional: true },
    ),
    input('start', 'Start on', { type: 'datepicker', action_id: 'start_date', initial_date: '2026-12-01' }),
    input('topic', 'Topic', { type: 'static_select', action_id: 'topic_pick', options: TOPICS }),
    input(
      'search',
      'Topic by search',
      { type: 'external_select', action_id: 'kitchen.search', min_query_length: 0 },
      { optional: true },
    ),
    input('who', 'Supporter', { type: 'users_select', action_id: 'who_user' }),
    input('also', 'Also tell', { type: 'multi_users_select', action_id: 'also_users' }, { optional: true }),
    input('where', 'Post in', { type: 'conversations_select', action_id: 'where_conv' }, { optional: true }),
    input(
      'how',
      'How',
      {
        type: 'checkboxes',
        action_id: 'how_checks',
        options: [option('In person', 'in_person'), option('Video', 'video', 'Any tool')],
      },
      { optional: true },
    ),
    input('often', 'How often', {
      type: 'radio_buttons',
      action_id: 'often_radio',
      options: [option('Weekly', 'weekly'), option('Monthly', 'monthly')],
      initial_option: option('Monthly', 'monthly'),
    }),
    actions([
      { type: 'static_select', action_id: 'kitchen.pick', placeholder: plain('Quick pick'), options: TOPICS },
      button('Danger', 'kitchen.danger', 'boom', {
        style: 'danger',
        confirm: confirm('Really?', 'This cannot be undone.', 'Do it', 'Keep it', 'danger'),
      }),
    ]),
  ];
  return modal({ callbackId: 'kitchen', title: 'Kitchen sink', submit: 'Save', blocks });
}

type ArgsOf<K extends Listener['kind']> =
  Extract<Listener, { kind: K }> extends { handle(deps: Deps, args: infer A): Promise<void> } ? A : never;

/** A kitchen listener: it only shows things, so reading help is all it performs. */
function kitchen<K extends Listener['kind']>(
  kind: K,
  id: string,
  handler: (args: ArgsOf<K>) => Promise<void>,
): Listener {
  return { kind, id, performs: 'help.read', handle: (_deps: Deps, args: ArgsOf<K>) => handler(args) } as Listener;
}

export const kitchenSink: Feature = {
  name: 'kitchen-sink',
  subcommands: [
    {
      name: 'kitchen',
      usage: 'kitchen',
      summary: 'a test modal with every element',
      performs: 'help.read',
      async run(_deps, ctx) {
        await ctx.ack();
        await ctx.raw.client.views.open({ trigger_id: ctx.triggerId, view: kitchenModal() });
      },
    },
    {
      name: 'kitchen-dm',
      usage: 'kitchen-dm',
      summary: 'a test DM with a confirm button',
      performs: 'help.read',
      async run(deps, ctx) {
        await ctx.ack();
        await deps.clientFor(ctx.teamId).chat.postMessage({
          channel: ctx.userId,
          text: 'Your supporter asked for help',
          blocks: [
            section(':ring_buoy: <@U0MEI> asked for help.'),
            actions([
              button('Mark resolved', 'kitchen.resolve', '7', {
                style: 'primary',
                confirm: confirm('Resolve?', 'Mark this as resolved?', 'Resolve'),
              }),
            ]),
          ],
        });
        await ctx.reply('I sent you a DM.');
      },
    },
    {
      name: 'kitchen-unsupported',
      usage: 'kitchen-unsupported',
      summary: 'a test DM with an element Slack accepts and the page does not render',
      performs: 'help.read',
      async run(deps, ctx) {
        await ctx.ack();
        await deps.clientFor(ctx.teamId).chat.postMessage({
          channel: ctx.userId,
          text: 'When?',
          blocks: [actions([{ type: 'datetimepicker', action_id: 'kitchen.when' }])],
        });
      },
    },
  ],
  listeners: [
    kitchen('options', 'kitchen.search', async ({ ack, payload }) => {
      const q = payload.value.toLowerCase();
      await ack({ options: TOPICS.filter((t) => t.text.text.toLowerCase().includes(q)) });
    }),

    kitchen('action', 'kitchen.pick', async ({ ack, body, client, action }) => {
      await ack();
      const view = (body as { view?: { id: string; hash: string } }).view;
      const picked = (action as { selected_option?: { value: string } }).selected_option?.value ?? 'none';
      if (!view) return;
      const updated = kitchenModal();
      updated.blocks = [...updated.blocks, context(`Quick pick: ${picked}`)];
      await client.views.update({ view_id: view.id, hash: view.hash, view: updated });
    }),

    kitchen('action', 'kitchen.danger', async ({ ack }) => {
      await ack();
    }),
    kitchen('action', 'kitchen.overflow', async ({ ack }) => {
      await ack();
    }),

    kitchen('action', 'kitchen.resolve', async ({ ack, respond }) => {
      await ack();
      await respond({
        replace_original: true,
        text: 'Resolved :white_check_mark:',
        blocks: [section(':white_check_mark: Resolved. Thank you!')],
      });
    }),

    kitchen('view', 'kitchen', async ({ ack, view }) => {
      const v = view.state.values;
      const goal = textOf(v, 'goal') ?? '';
      if (goal === 'error') {
        await ack({ response_action: 'errors', errors: { goal: 'Say what you want to learn in a few words.' } });
        return;
      }
      if (goal === 'push') {
        await ack({
          response_action: 'push',
          view: modal({
            callbackId: 'kitchen.second',
            title: 'Second',
            submit: 'Finish',
            blocks: [section('A pushed view.')],
          }),
        });
        return;
      }
      const summary = [
        `goal=${goal}`,
        `notes=${textOf(v, 'notes') ?? ''}`,
        `hours=${textOf(v, 'hours') ?? ''}`,
        `start=${selectedDate(v, 'start') ?? ''}`,
        `topic=${selectedValue(v, 'topic') ?? ''}`,
        `search=${selectedValue(v, 'search') ?? ''}`,
        `who=${selectedUser(v, 'who') ?? ''}`,
        `also=${(v.also?.also_users?.selected_users ?? []).join(',')}`,
        `how=${selectedValues(v, 'how').join(',')}`,
        `often=${selectedValue(v, 'often') ?? ''}`,
      ].join(' ');
      await ack({
        response_action: 'update',
        view: modal({
          callbackId: 'kitchen.done',
          title: 'Saved',
          close: 'Done',
          blocks: [section(`Saved: ${summary}`)],
        }),
      });
    }),

    kitchen('view', 'kitchen.second', async ({ ack }) => {
      await ack({ response_action: 'clear' });
    }),
  ],
};
