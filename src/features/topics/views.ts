import type { KnownBlock, ModalView } from '@slack/types';
import { context, divider, input, modal, option, plain, section } from '../../slack/blocks.ts';
import { ACTIONS } from '../../slack/ids.ts';
import { inlineText } from '../../slack/text.ts';
import type { Topic } from '../../storage/rows.ts';
import { renameModalMeta, topicMenuValue, topicsModalMeta } from './values.ts';

export const TOPIC = { name: 'name', kind: 'kind', rename: 'rename' } as const;

/** A modal holds 100 blocks: this many topic rows leaves room for the form around them. */
const MAX_ROWS = 80;

/**
 * The topic catalogue: a form to add one, and every topic with a menu to rename or archive it.
 * `version` changes the name field's block_id after each add, so Slack shows it empty again.
 */
export function topicsModal(topics: readonly Topic[], version = 0): ModalView {
  const kind = option('Skillset', 'skillset');
  const blocks: KnownBlock[] = [
    input(`${TOPIC.name}.${version}`, 'New topic', {
      type: 'plain_text_input',
      action_id: TOPIC.name,
      max_length: 75,
      placeholder: plain('e.g. Data analysis'),
    }),
    input(`${TOPIC.kind}.${version}`, 'Kind', {
      type: 'radio_buttons',
      action_id: TOPIC.kind,
      options: [kind, option('Role', 'role')],
      initial_option: kind,
    }),
    divider(),
  ];
  if (topics.length === 0)
    blocks.push(section('No topics yet. Topics are the roles and skillsets people are supported in.'));
  for (const t of topics.slice(0, MAX_ROWS)) {
    const state = t.archivedAt ? ' · _archived_' : '';
    blocks.push(
      section(`*${inlineText(t.name)}* · ${t.kind}${state}`, {
        blockId: `topic.${t.id}`,
        accessory: {
          type: 'overflow',
          action_id: ACTIONS.topicMenu,
          options: [
            option('Rename', topicMenuValue('rename', t.id)),
            t.archivedAt
              ? option('Unarchive', topicMenuValue('unarchive', t.id))
              : option('Archive', topicMenuValue('archive', t.id)),
          ],
        },
      }),
    );
  }
  if (topics.length > MAX_ROWS) blocks.push(context(`and ${topics.length - MAX_ROWS} more`));
  blocks.push(context('Archived topics keep their history but are not offered for new assignments.'));
  return modal({
    callbackId: ACTIONS.topicsSubmit,
    title: 'Topics',
    submit: 'Add topic',
    close: 'Done',
    blocks,
    privateMetadata: topicsModalMeta(version),
  });
}

export function renameModal(t: Topic, parentViewId: string): ModalView {
  return modal({
    callbackId: ACTIONS.topicRenameSubmit,
    title: 'Rename topic',
    submit: 'Rename',
    blocks: [
      input(TOPIC.rename, 'New name', {
        type: 'plain_text_input',
        action_id: TOPIC.rename,
        max_length: 75,
        initial_value: t.name,
      }),
    ],
    privateMetadata: renameModalMeta(t.id, parentViewId),
  });
}
