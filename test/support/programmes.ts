import type { ProgrammeSettings } from '../../src/storage/programmes.ts';

/** A programme's settings for a test: open, ongoing, following the workspace settings, but for `over`. */
export const settings = (over: Partial<ProgrammeSettings>): ProgrammeSettings => ({
  name: 'Programme',
  purpose: null,
  status: 'open',
  kind: 'ongoing',
  startsOn: null,
  endsOn: null,
  enrolOpensOn: null,
  enrolClosesOn: null,
  reportEveryDays: null,
  maxMentees: null,
  supporterKinds: null,
  topicIds: null,
  pairing: 'assign',
  inviteOnly: false,
  supportersSelfEnrol: false,
  questions: [],
  previousId: null,
  ...over,
});
