/**
 * The phases of one sweep, in the order they run. Features supply the phases by these names; the
 * order is decided here, since it is the phases' shared nudge budget that makes it matter.
 */
export const SWEEP_ORDER = [
  // Record every reminder owed now as a pending row (reminders); a dry run collects them instead.
  'owed-reminders',
  // Cohorts whose end date has come end their pairs and send their final report: early, so the
  // close-out it queues is asked by checkin-questions in this same run. A reminder owed-reminders
  // recorded for a pair that ends here is never sent: the send checks the pair is still active (cohorts).
  'cohort-ends',
  // The one reminder of an assignment nobody has answered, recorded the same way; sent with the
  // rest by pending-reminders, before the report reminders, as someone is waiting for the answer (reminders).
  'offer-reminders',
  // The admins' daily digest, recorded the same way (reminders).
  'admin-digests',
  // "You meet today" before anything else, to both sides of a meeting a report scheduled, in
  // their morning: it is no use a day late, so under "fewer messages" it takes the week's one
  // nudge and what else is owed (all of which is merged into a later DM, never lost) waits
  // (reports).
  'meeting-days',
  // Silent partners next: a notice is owed once per quiet spell and carries "Log meeting report"
  // itself, so under "fewer messages" it takes the week's one nudge and the reminder waits (merged
  // into next week's); the other way round, weekly reminders would hold it back for ever (silence).
  'silent-partners',
  // Send what is pending, one DM per recipient (reminders).
  'pending-reminders',
  // Check-in questions come after: they share the nudge budget the sends above use (checkins).
  'checkin-questions',
  // Last, under the lease: delete the data of workspaces uninstalled longer ago than kept (lifecycle).
  'retention-purge',
] as const;

export type SweepPhaseName = (typeof SWEEP_ORDER)[number];
