// The Web API methods the fake answers, by name. Each handler runs synchronously against the
// fake's state, once the caller's token has been checked (OAuth methods check their client instead).

import { appsConnectionsOpen, authTest, teamInfo } from './auth.ts';
import { chatDelete, chatPostEphemeral, chatPostMessage, chatUpdate } from './chat.ts';
import { conversationsOpen } from './conversations.ts';
import { filesCompleteUploadExternal, filesGetUploadURLExternal } from './files.ts';
import { oauthV2Access, oauthV2Exchange } from './oauth.ts';
import type { FakeState } from './state.ts';
import type { JsonObject, Result } from './types.ts';
import { usersInfo, usersList } from './users.ts';
import { viewsOpen, viewsPublish, viewsPush, viewsUpdate } from './views.ts';

export type Method = (s: FakeState, args: JsonObject) => Result;
/** `given` is the token the call came with (oauth.v2.exchange exchanges it). */
export type OAuthMethod = (s: FakeState, args: JsonObject, given: string | undefined) => Result;

export const METHODS: Readonly<Record<string, Method>> = {
  'apps.connections.open': appsConnectionsOpen,
  'auth.test': authTest,
  'team.info': teamInfo,
  'chat.postMessage': chatPostMessage,
  'chat.postEphemeral': chatPostEphemeral,
  'chat.update': chatUpdate,
  'chat.delete': chatDelete,
  'conversations.open': conversationsOpen,
  'users.info': usersInfo,
  'users.list': usersList,
  'views.open': viewsOpen,
  'views.push': viewsPush,
  'views.update': viewsUpdate,
  'views.publish': viewsPublish,
  'files.getUploadURLExternal': filesGetUploadURLExternal,
  'files.completeUploadExternal': filesCompleteUploadExternal,
};

export const OAUTH_METHODS: Readonly<Record<string, OAuthMethod>> = {
  'oauth.v2.access': oauthV2Access,
  'oauth.v2.exchange': oauthV2Exchange,
};

/**
 * The bot scope each method needs ('' for none), as Slack checks it (slack-platform.md 5.1). The
 * manifest test holds manifest.yml's scopes to this table for every method the app calls.
 */
export const METHOD_SCOPES: Readonly<Record<string, string>> = {
  'auth.test': '',
  'team.info': 'team:read',
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  'conversations.open': 'im:write',
  'users.info': 'users:read',
  'users.list': 'users:read',
  'views.open': '',
  'views.push': '',
  'views.update': '',
  'views.publish': '',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
};
