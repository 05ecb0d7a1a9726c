import { ACTIONS } from '../../slack/ids.ts';
import type { Feature } from '../feature.ts';
import { addTopic, onTopicMenu, openTopics, openTopicsFromHome, renameTopic } from './catalogue.ts';

/** `/mentor topics`: the admin's catalogue of roles and skillsets. */
export const topics: Feature = {
  name: 'topics',
  subcommands: [
    {
      name: 'topics',
      usage: 'topics',
      summary: 'add, rename and archive the topics people are supported in',
      performs: 'topics.manage',
      run: openTopics,
    },
  ],
  listeners: [
    { kind: 'action', id: ACTIONS.openTopics, performs: 'topics.manage', handle: openTopicsFromHome },
    { kind: 'view', id: ACTIONS.topicsSubmit, performs: 'topics.manage', handle: addTopic },
    { kind: 'action', id: ACTIONS.topicMenu, performs: 'topics.manage', handle: onTopicMenu },
    { kind: 'view', id: ACTIONS.topicRenameSubmit, performs: 'topics.manage', handle: renameTopic },
  ],
};
