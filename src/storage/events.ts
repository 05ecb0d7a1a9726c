import type { Db } from './db.ts';

/**
 * Slack redelivers events and users double-click: a key claimed here is claimed once, across
 * every instance sharing the database.
 */
export class EventsStore {
  constructor(private readonly db: Db) {}

  /** Returns true for the first claim of (team, key), false for every repeat. */
  async claim(teamId: string, key: string, now: Date): Promise<boolean> {
    const rows = await this.db('processed_events')
      .insert({ team_id: teamId, event_key: key.slice(0, 200), created_at: now.toISOString() })
      .onConflict(['team_id', 'event_key'])
      .ignore()
      .returning('event_key');
    return rows.length === 1;
  }
  async forgetBefore(cutoff: Date): Promise<number> {
    return this.db('processed_events').where('created_at', '<', cutoff.toISOString()).delete();
  }
}
