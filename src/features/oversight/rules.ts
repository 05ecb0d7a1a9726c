import { readValue } from '../../slack/values.ts';
import type { OversightFilter, OversightState } from '../../storage/oversight.ts';
import type { MentorshipStatus } from '../../storage/rows.ts';
import { OversightStateValue, type RowVerb } from './values.ts';

/** Mentorships per page of the programme view: one block each, so a page stays far under 100. */
export const PROGRAMME_PAGE_SIZE = 20;
/** A pending assignment older than this needs an admin (the mentorships report uses the same week). */
export const STALE_PENDING_DAYS = 7;

export const STATE_LABELS: Record<OversightState, string> = {
  attention: 'Needs you (declined, long pending)',
  all: 'All states',
  pending: 'Pending',
  active: 'Active',
  ended: 'Ended',
  declined: 'Declined',
};

export const isState = (v: unknown): v is OversightState => readValue(OversightStateValue, v) !== undefined;

/** `/mentor admin mentorships [words]`: a state, and "overdue" or "help", in any order. */
export function filterFromWords(words: readonly string[]): OversightFilter | { error: string } {
  const filter: OversightFilter = { state: 'all' };
  for (const raw of words) {
    const w = raw.toLowerCase();
    if (isState(w)) filter.state = w;
    else if (w === 'overdue') filter.overdue = true;
    else if (w === 'help' || w === ':ring_buoy:' || w === '🛟') filter.help = true;
    else {
      return {
        error: `I don't know the filter \`${raw}\`. Use any of \`pending\`, \`active\`, \`ended\`, \`declined\`, \`attention\`, \`overdue\`, \`help\`, like \`/mentor admin mentorships declined\`; the view has the topic and supporter filters.`,
      };
    }
  }
  return filter;
}

/** What an admin can do about one mentorship from the programme view, by its state. */
export function rowActions(status: MentorshipStatus): RowVerb[] {
  switch (status) {
    case 'pending':
      return ['nudge', 'reassign', 'end'];
    case 'declined':
      return ['assign', 'progress'];
    case 'active':
      return ['progress', 'reassign', 'end'];
    case 'ended':
      return ['progress', 'assign'];
  }
}

export const pageCount = (total: number): number => Math.max(1, Math.ceil(total / PROGRAMME_PAGE_SIZE));
export const clampPage = (page: number, total: number): number =>
  Math.min(Math.max(1, Math.floor(page) || 1), pageCount(total));
