import { describe, expect, it } from 'vitest';
import { routeOfBody } from '../../src/observability/context.ts';
import { listenerLabels, requestLabels } from '../../src/observability/metric-labels.ts';
import { bearerMatches } from '../../src/observability/metrics-endpoint.ts';
import { methodOf, slackErrorOf } from '../../src/observability/slack-calls.ts';
import { emptyRegistrations } from '../../src/slack/registry.ts';

const API = 'https://slack.com/api/';

describe('a Web API request as labels', () => {
  it('names the method from the URL, and never a response URL path (a secret of Slack)', () => {
    expect(methodOf(`${API}chat.postMessage`, API)).toBe('chat.postMessage');
    expect(methodOf(`${API}admin.users.session.reset`, API)).toBe('admin.users.session.reset');
    expect(methodOf('https://hooks.slack.com/commands/T1/123/abcSECRET', API)).toBe('response_url');
    expect(methodOf(`${API}not a method`, API)).toBe('other');
  });

  it("reads Slack's error code from the answer's start, and nothing unlike one", () => {
    expect(slackErrorOf('{"ok":true,"channel":"D1"}')).toBe('none');
    expect(slackErrorOf('{"ok":false,"error":"channel_not_found"}')).toBe('channel_not_found');
    expect(slackErrorOf('{ "ok" : false, "error" : "missing_scope", "needed": "chat:write" }')).toBe('missing_scope');
    expect(slackErrorOf('{"ok":false,"error":"Some words a person typed"}')).toBe('unknown');
    expect(slackErrorOf('{"ok":false}')).toBe('unknown');
    // A large ok answer is not scanned past its start.
    expect(slackErrorOf(`{"ok":true,"view":${JSON.stringify({ text: '"ok":false,"error":"x"'.repeat(1000) })}}`)).toBe(
      'none',
    );
  });
});

describe('a request as labels', () => {
  const registered = emptyRegistrations();
  registered.commands.add('/mentor');
  registered.actions.add('home.help');
  registered.views.add('report.submit');
  registered.events.add('app_home_opened');
  const known = listenerLabels(registered, ['list', 'admin add']);
  const labels = (body: unknown, listener?: string) => {
    const route = routeOfBody(body);
    return requestLabels(route.kind, listener ?? route.listener, known);
  };

  it('uses our registered ids, and unknown for any other', () => {
    expect(labels({ type: 'block_actions', actions: [{ action_id: 'home.help' }] })).toEqual({
      kind: 'action',
      listener: 'home.help',
    });
    expect(labels({ type: 'block_actions', actions: [{ action_id: 'typed text' }] })).toEqual({
      kind: 'action',
      listener: 'unknown',
    });
    expect(labels({ type: 'view_submission', view: { callback_id: 'report.submit' } })).toEqual({
      kind: 'view',
      listener: 'report.submit',
    });
    expect(labels({ type: 'view_closed', view: { callback_id: 'report.submit' } }).listener).toBe('unknown');
    expect(labels({ type: 'event_callback', event: { type: 'message' } })).toEqual({
      kind: 'event',
      listener: 'unknown',
    });
    expect(labels({ type: 'something new' })).toEqual({ kind: 'other', listener: 'unknown' });
    expect(labels(undefined)).toEqual({ kind: 'other', listener: 'unknown' });
  });

  it('names a /mentor subcommand the router ran from its table, never the words typed', () => {
    const body = { command: '/mentor', text: 'list everything now' };
    expect(labels(body)).toEqual({ kind: 'command', listener: '/mentor' });
    expect(labels(body, 'command:/mentor list')).toEqual({ kind: 'command', listener: '/mentor list' });
    expect(labels(body, 'command:/mentor admin add')).toEqual({ kind: 'command', listener: '/mentor admin add' });
    expect(labels(body, 'command:/mentor help')).toEqual({ kind: 'command', listener: '/mentor help' });
    expect(labels(body, 'command:/mentor everything')).toEqual({ kind: 'command', listener: 'unknown' });
    expect(labels({ command: '/other', text: 'x' })).toEqual({ kind: 'command', listener: 'unknown' });
  });
});

describe('the bearer token', () => {
  it('matches only the whole token, sent as a bearer token', () => {
    expect(bearerMatches('Bearer abcdefghijklmnop', 'abcdefghijklmnop')).toBe(true);
    expect(bearerMatches('bearer abcdefghijklmnop', 'abcdefghijklmnop')).toBe(true);
    expect(bearerMatches('Bearer abcdefghijklmno', 'abcdefghijklmnop')).toBe(false);
    expect(bearerMatches('abcdefghijklmnop', 'abcdefghijklmnop')).toBe(false);
    expect(bearerMatches('Basic abcdefghijklmnop', 'abcdefghijklmnop')).toBe(false);
    expect(bearerMatches(undefined, 'abcdefghijklmnop')).toBe(false);
  });
});
