import { readValue, rowIdText } from './values.ts';

/**
 * callback_ids and action_ids shared between the builders that put them in a view and the
 * listeners that answer them. A surface of one feature often carries another's button (Home
 * shows "Log meeting report"), so they live in one place.
 */
export const ACTIONS = {
  acceptAssignment: 'mentorship.accept',
  declineAssignment: 'mentorship.decline',
  whatsInvolved: 'mentorship.whats_involved',
  messagePartner: 'mentorship.message',
  openAssignModal: 'mentorship.assign.open',
  confirmEnd: 'mentorship.end.confirm',
  endPicked: 'mentorship.end.pick',
  assignSupporterPicked: 'mentorship.assign.supporter',
  assignSubmit: 'mentorship.assign.submit',
  endSubmit: 'mentorship.end.submit',
  endNow: 'mentorship.end.now',
  endReasonSubmit: 'mentorship.end.reason',
  mentorshipMenu: 'mentorship.menu',
  topicsSubmit: 'topics.submit',
  openTopics: 'topics.open',
  inviteSupporters: 'setup.invite',
  inviteSupportersSubmit: 'setup.invite.submit',
  topicMenu: 'topics.menu',
  topicRenameSubmit: 'topics.rename.submit',
  openReport: 'report.open',
  snoozeReminder: 'reminder.snooze',
  openProgress: 'progress.open',
  resolveHelp: 'assistance.resolve',
  openAssist: 'assistance.open',
  askForHelp: 'assistance.ask',
  sendAsk: 'assistance.ask.send',
  addGoal: 'goal.add',
  addTask: 'task.add',
  goalMenu: 'goal.menu',
  taskMenu: 'task.menu',
  tickTasks: 'task.tick',
  suggestTask: 'task.suggest',
  saveGoal: 'goal.save',
  saveTask: 'task.save',
  progressPage: 'progress.page',
  progressView: 'progress.view',
  saveAssist: 'assistance.save',
  openMentorshipsReport: 'admin.report.open',
  exportCsv: 'admin.export',
  homePage: 'home.page',
  homePagePrevious: 'home.page.previous',
  showHelp: 'home.help',
  helpAll: 'help.all',
  submitReport: 'report.submit',
  editReport: 'report.edit',
  submitReportEdit: 'report.edit.submit',
  openOffer: 'profile.open',
  saveOffer: 'profile.save',
  assignMenteePicked: 'mentorship.assign.mentee',
  assignTopicPicked: 'mentorship.assign.topic',
  assignProgrammePicked: 'mentorship.assign.programme',
  assignSuggested: 'mentorship.assign.suggested',
  checkinScore: 'checkin.score',
  checkinComment: 'checkin.comment',
  checkinCommentSave: 'checkin.comment.save',
  openOversight: 'admin.programme.open',
  oversightView: 'admin.programme',
  oversightState: 'admin.programme.state',
  oversightTopic: 'admin.programme.topic',
  oversightSupporter: 'admin.programme.supporter',
  oversightFlags: 'admin.programme.flags',
  oversightClear: 'admin.programme.clear',
  oversightPage: 'admin.programme.page',
  oversightPagePrevious: 'admin.programme.page.previous',
  oversightRow: 'admin.programme.row',
  exportAudit: 'admin.audit.export',
  openMessageSettings: 'settings.messages.open',
  saveMessageSettings: 'settings.messages.save',
  trendsCohort: 'admin.report.cohort',
  openSupporterRequests: 'matching.unmatched.open',
  openRequestForm: 'request.open',
  saveRequest: 'request.save',
  // Issue 25, enrolment: a Join button (the join list, and the programme page), its form, and a cohort's "Run again".
  programmeJoin: 'programme.join',
  programmeJoinSubmit: 'programme.join.submit',
  cohortRunAgain: 'programme.run_again',
  personExportSubmit: 'person.export.submit',
  personForgetSubmit: 'person.forget.submit',
  programmeNew: 'programme.new',
  programmeEdit: 'programme.edit',
  programmeSave: 'programme.save',
  /** Join on a programme's page: its handler is enrolment's (`/mentor join`). */
  readAgreement: 'programme.agreement.read',
  agreeAgreement: 'programme.agreement.agree',
} as const;

/** Block ids of the meeting report modal; each input's action_id is the same string. */
export const REPORT_FIELDS = {
  mentorship: 'report_mentorship',
  metOn: 'report_met_on',
  duration: 'report_duration',
  format: 'report_format',
  summary: 'report_summary',
  progress: 'report_progress',
  goals: 'report_goals',
  tasks: 'report_tasks',
  nextMeeting: 'report_next_meeting',
  privateNote: 'report_private_note',
} as const;

/*
 * Button values for the cross-feature buttons above, so a builder in one feature and a listener
 * in another agree:
 * - openReport, snoozeReminder: the mentorship id (`openReportValue` in features/reports/values.ts, `snoozeValue`
 *   in features/reminders/values.ts: builders in other features write it through these)
 * - openProgress: the mentee's user id
 * - resolveHelp: the help request id
 * - openAssignModal: optional JSON `{"menteeId"?: string, "topicId"?: number, "requestId"?: number}` to prefill
 *   (writer and schema in src/features/mentorships/values.ts, as the assign and end modals' private_metadata)
 * - homePage, homePagePrevious: the page number (1-based) to show (two ids so Previous and Next can share one actions block)
 * - confirmEnd: the mentorship id (opens the "End your mentorship with …?" confirmation, whose danger-styled
 *   endNow button carries the same id; the private reason is asked for after, in the endReasonSubmit modal)
 * - mentorshipMenu (the ⋯ overflow next to a mentorship on Home): option values `end:<id>`, `ask:<id>` (a mentee's
 *   "Ask for help" about that mentorship's topic) (`mentorshipMenuValue`, features/mentorships/values.ts)
 * - askForHelp: no value, or the topic it is about (`askTopicValue`: a topic id or `none`, features/help-requests/values.ts)
 * - endPicked (static select on `/mentor list`): option values are mentorship ids, then as confirmEnd
 * - acceptAssignment, declineAssignment: the mentorship id
 * - goalMenu, taskMenu (overflow menus): option values `done:<id>`, `edit:<id>`, `drop:<id>`
 * - suggestTask: the mentee's user id; progressPage: the page number (1-based, mentee in private_metadata)
 * - editReport: the meeting report id (only its author, within 24 h of filing; `editReportValue`, features/reports/values.ts)
 * - assignSuggested: JSON `{"s": supporterId, "m": menteeId, "t"?: topicId, "r"?: requestId}` (one-click assign of a suggestion;
 *   src/features/matching/values.ts)
 * - openOffer, openMessageSettings: no value
 * - checkinScore (action ids `checkin.score.1` .. `.5`): `<checkin id>:<score 1-5>`; checkinComment: the check-in id
 *   (features/checkins/values.ts)
 * - openOversight: optional JSON filter `{"state"?: "attention"|"pending"|…}`; oversightPage(Previous): the page number;
 *   oversightRow (overflow): `<progress|end|reassign|assign|nudge>:<mentorship id>`; the filter lives in the modal's private_metadata
 * - programmeEdit, programmeJoin: the programme id; programmeNew: no value; programmeSave (modal): private_metadata
 *   JSON `{"id"?: number}` (features/programmes/values.ts)
 * - readAgreement, agreeAgreement: `<programme id>:<version>[:<mentorship id>]` (`agreeValue`, features/programmes/values.ts)
 * - personExportSubmit, personForgetSubmit (modals): private_metadata JSON `{"userId": string}`, the person concerned
 * - tickTasks: each checkbox option's value is a task id
 * - openAssist, addGoal, addTask, openMentorshipsReport, exportCsv, showHelp, helpAll, openUnmatched, openTopics, inviteSupporters: no value
 * - trendsCohort (static select in the report): `all` or a start month `YYYY-MM`
 * - openRequestForm ("Find me a supporter", "did you mean"): none, or JSON `{"t"?: topicId, "n"?: note}` to prefill
 *   the request form; saveRequest (the form): private_metadata JSON `{"r"?: requestId}`, the open request it showed
 *   (features/requests/values.ts)
 * - programmeJoin: the programme id; programmeJoinSubmit (the join form): private_metadata JSON `{"p": programmeId}`;
 *   cohortRunAgain: the ended cohort's programme id (features/enrolment/values.ts, features/cohorts)
 */

/**
 * The row id in a button or option value, read through its schema (src/slack/values.ts): anything
 * that is not a whole number an integer column holds becomes 0, which names no row, so the lookup
 * finds nothing and the usual "not found" answer follows.
 */
export const rowId = (value: unknown): number => readValue(rowIdText, String(value ?? '')) ?? 0;
