/**
 * The workspace an interaction belongs to: every read and write is scoped by it. As Bolt's own
 * buildSource decides it: a view (modal or Home) says which workspace's install opened it
 * (`view.app_installed_team_id`), which is not the clicking user's team when they came from another
 * organisation through Slack Connect; otherwise the payload's team, and for org-wide installs
 * (`team: null`) the user's own team.
 */
export const teamOf = (body: {
  team?: { id?: string } | null;
  user: { team_id?: string };
  view?: { app_installed_team_id?: string } | null;
}): string => body.view?.app_installed_team_id || body.team?.id || body.user.team_id || '';
