// An in-memory Slack Web API on 127.0.0.1, used by the end-to-end tests and by the browser
// sandbox (`npm run sandbox`). The app reaches it through `slackApiUrl`; it answers like Slack
// (HTTP 200 + {ok:false,error} for platform errors, 429 + Retry-After for rate limits) and
// rejects what Slack rejects. All state is plain data on the returned object so tests and the
// sandbox page can inspect it.

// The fake is a folder (./fake): its state in one object (state.ts), the Web API methods by family
// (chat.ts, views.ts, users.ts, ...) named in one table (methods.ts), and the server (http.ts).

import type { Server } from 'node:http';
import { BOT_SCOPES } from '../slack/scopes.ts';
import { liveTokensOf, revokeTokensOf } from './fake/auth.ts';
import { callsTo, dmsTo } from './fake/calls.ts';
import { issueResponseUrl, showAckReply } from './fake/chat.ts';
import { addFault, holdNext } from './fake/faults.ts';
import { closeServer, listen } from './fake/http.ts';
import { messagesIn } from './fake/messages.ts';
import { dmChannel, FakeState } from './fake/state.ts';
import type { FakeSlack, FakeSlackOptions } from './fake/types.ts';
import { addUser, addWorkspace } from './fake/users.ts';
import { dropViews } from './fake/view-store.ts';
import { applyViewSubmissionAck, issueTriggerId, openModals, viewStack } from './fake/views.ts';

export { slackMessage } from './fake/messages.ts';
export { METHOD_SCOPES } from './fake/methods.ts';
export type {
  FakeOAuthApp,
  FakeSlack,
  FakeSlackOptions,
  FakeToken,
  FakeUser,
  FakeWorkspace,
  Fault,
  JsonObject,
  MessageContent,
  RecordedCall,
  StoredFile,
  StoredMessage,
  StoredView,
  UserInput,
} from './fake/types.ts';

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const s = new FakeState(opts);
  const server = await listen(s);
  for (const u of opts.users ?? []) addUser(s, u);
  addWorkspace(s, { id: s.teamId, name: 'Lifering Test', domain: s.teamDomain });
  s.tokens.set(s.token, {
    token: s.token,
    teamId: s.teamId,
    enterpriseId: null,
    revoked: false,
    scopes: [...(opts.scopes ?? BOT_SCOPES)],
  });
  return fakeSlack(s, server);
}

/** What tests and the sandbox see: the state's own collections, and the fake's controls. */
function fakeSlack(s: FakeState, server: Server): FakeSlack {
  return {
    url: `${s.origin}/api/`,
    origin: s.origin,
    token: s.token,
    appToken: s.appToken,
    server,
    teamId: s.teamId,
    teamDomain: s.teamDomain,
    appId: s.appId,
    botUserId: s.botUserId,
    botId: s.botId,
    calls: s.calls,
    messages: s.messages,
    users: s.users,
    views: s.views,
    homeViews: s.homeViews,
    files: s.files,
    workspaces: s.workspaces,
    tokens: s.tokens,
    oauthApp: s.oauthApp,
    addUser: (user) => addUser(s, user),
    addWorkspace: (w) => addWorkspace(s, w),
    liveTokensOf: (team) => liveTokensOf(s, team),
    revokeTokensOf: (team) => revokeTokensOf(s, team),
    dmChannel,
    issueTriggerId: (context = {}) => issueTriggerId(s, context),
    responseUrl: (context = {}) => issueResponseUrl(s, context),
    messagesIn: (channel) => messagesIn(s, channel),
    view: (viewId) => s.views.get(viewId),
    viewStack: (viewId) => viewStack(s, viewId),
    openModals: (userId) => openModals(s, userId),
    showAckReply: (channel, userId, content, inChannel) => showAckReply(s, channel, userId, content, inChannel),
    applyViewSubmissionAck: (viewId, ack) => applyViewSubmissionAck(s, viewId, ack),
    closeView: (viewId) => dropViews(s, viewId),
    callsTo: (method) => callsTo(s, method),
    lastCall: (method) => callsTo(s, method).at(-1),
    clearCalls: () => void s.calls.splice(0),
    dmsTo: (userId) => dmsTo(s, userId),
    fail: (method, fault = {}) => addFault(s, method, fault),
    hold: (method) => holdNext(s, method),
    reset: () => s.reset(),
    close: () => closeServer(server),
  };
}
