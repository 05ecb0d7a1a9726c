import type { ProgrammeSettings } from '../../src/storage/programmes.ts';

/** A programme's settings for a test: open and ongoing, following the app's settings, unless it says otherwise. */
export const programmeSettings = (o: Partial<ProgrammeSettings> & { name: string }): ProgrammeSettings => ({
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
  ...o,
});
