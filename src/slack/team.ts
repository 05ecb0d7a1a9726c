/**
 * The workspace an interaction came from: every read and write is scoped by it. Slack sends
 * `team: null` for org-wide installs, where the user's own team is the one that counts.
 */
export const teamOf = (body: { team?: { id?: string } | null; user: { team_id?: string } }): string =>
  body.team?.id ?? body.user.team_id ?? '';
