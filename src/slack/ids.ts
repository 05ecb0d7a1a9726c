/**
 * callback_ids and action_ids shared between the builders that put them in a view and the
 * listeners that answer them. A surface of one feature often carries another's button (Home
 * shows "Log meeting report"), so they live in one place.
 */
export const ACTIONS = {
  acceptAssignment: 'mentorship.accept',
  declineAssignment: 'mentorship.decline',
  openAssignModal: 'mentorship.assign.open',
  confirmEnd: 'mentorship.end.confirm',
  openReport: 'report.open',
  snoozeReminder: 'reminder.snooze',
  openProgress: 'progress.open',
  resolveAssistance: 'assistance.resolve',
  openAssist: 'assistance.open',
  addGoal: 'goal.add',
  addTask: 'task.add',
  openMentorshipsReport: 'admin.report.open',
  exportCsv: 'admin.export',
  homePage: 'home.page',
  showHelp: 'home.help',
} as const;
