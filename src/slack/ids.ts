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
  goalMenu: 'goal.menu',
  taskMenu: 'task.menu',
  suggestTask: 'task.suggest',
  saveGoal: 'goal.save',
  saveTask: 'task.save',
  progressPage: 'progress.page',
  progressView: 'progress.view',
  saveAssist: 'assistance.save',
  openMentorshipsReport: 'admin.report.open',
  exportCsv: 'admin.export',
  homePage: 'home.page',
  showHelp: 'home.help',
} as const;

/*
 * Button values for the cross-feature buttons above, so a builder in one feature and a listener
 * in another agree:
 * - openReport, snoozeReminder: the mentorship id
 * - openProgress: the mentee's user id
 * - resolveAssistance: the assistance request id
 * - openAssignModal: optional JSON `{"menteeId"?: string, "topicId"?: number, "requestId"?: number}` to prefill
 * - homePage: the page number (1-based)
 * - goalMenu, taskMenu (overflow menus): option values `done:<id>`, `edit:<id>`, `drop:<id>`
 * - suggestTask: the mentee's user id; progressPage: the page number (1-based, mentee in private_metadata)
 * - openAssist, addGoal, addTask, openMentorshipsReport, exportCsv, showHelp: no value
 */
