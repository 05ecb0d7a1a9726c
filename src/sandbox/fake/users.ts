// People and workspaces: adding them, and users.info / users.list as the caller's token sees them.

import { failure, missing, str } from './results.ts';
import type { FakeState } from './state.ts';
import type { FakeUser, FakeWorkspace, JsonObject, Result, UserInput } from './types.ts';

export function addUser(s: FakeState, u: UserInput): FakeUser {
  const name = u.name ?? u.id.toLowerCase();
  const realName = u.real_name ?? name;
  const tz = u.tz ?? 'Europe/London';
  const user: FakeUser = {
    id: u.id,
    team_id: u.team_id ?? s.teamId,
    name,
    real_name: realName,
    deleted: u.deleted ?? false,
    is_bot: u.is_bot ?? false,
    is_admin: u.is_admin ?? false,
    is_owner: u.is_owner ?? false,
    tz,
    tz_label: u.tz_label ?? (tz === 'Europe/London' ? 'Greenwich Mean Time' : tz),
    tz_offset: u.tz_offset ?? 0,
    profile: {
      display_name: u.display_name ?? realName,
      real_name: realName,
      email: u.email ?? `${name}@lifering.test`,
    },
  };
  const enterpriseId = s.workspaces.get(user.team_id)?.enterpriseId;
  if (enterpriseId) {
    user.enterprise_user = {
      id: user.id,
      enterprise_id: enterpriseId,
      enterprise_name: enterpriseId,
      is_admin: u.org_admin ?? false,
      is_owner: false,
      teams: [user.team_id],
    };
  }
  if (u.hidden) s.hidden.add(user.id);
  else s.hidden.delete(user.id);
  if (u.connect) s.connected.add(user.id);
  else s.connected.delete(user.id);
  s.users.set(user.id, user);
  return user;
}

/** Adds a workspace (and its bot user); its users are added with `team_id`. */
export function addWorkspace(
  s: FakeState,
  w: { id: string; name?: string; domain?: string; enterpriseId?: string },
): FakeWorkspace {
  const n = s.workspaces.size;
  const workspace: FakeWorkspace = {
    id: w.id,
    name: w.name ?? `Workspace ${w.id}`,
    domain: w.domain ?? w.id.toLowerCase(),
    ...(w.enterpriseId ? { enterpriseId: w.enterpriseId } : {}),
    botUserId: n === 0 ? s.botUserId : `U0BOT${w.id.slice(1)}`,
    botId: n === 0 ? s.botId : `B0BOT${w.id.slice(1)}`,
  };
  s.workspaces.set(workspace.id, workspace);
  if (!s.users.has(workspace.botUserId))
    addUser(s, {
      id: workspace.botUserId,
      name: 'lifering',
      real_name: 'Lifering',
      is_bot: true,
      team_id: workspace.id,
    });
  return workspace;
}

export function usersInfo(s: FakeState, a: JsonObject): Result {
  const id = str(a, 'user');
  if (!id) return missing('user');
  if (s.hidden.has(id)) return failure('user_not_visible');
  const user = s.connected.has(id) ? s.users.get(id) : s.userFor(id);
  return user ? { ok: true, user } : failure('user_not_found');
}

export function usersList(s: FakeState, a: JsonObject): Result {
  const all = [...s.users.values()].filter((u) => s.reaches(u.team_id));
  const cursor = str(a, 'cursor');
  const start = cursor === undefined ? 0 : decodeCursor(cursor);
  if (start === undefined || start > all.length) return failure('invalid_cursor');
  const limit = Number(a.limit ?? 0);
  const end = limit > 0 ? start + limit : all.length;
  const next = end < all.length ? encodeCursor(end) : '';
  return {
    ok: true,
    members: all.slice(start, end),
    cache_ts: Math.floor(s.now() / 1000),
    response_metadata: { next_cursor: next },
  };
}

const encodeCursor = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64');

function decodeCursor(cursor: string): number | undefined {
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString());
  return match?.[1] ? Number(match[1]) : undefined;
}
