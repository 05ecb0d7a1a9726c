import { menteeHome } from './src/storage/overview/mentee-home.ts';
import { supporterPage } from './src/storage/overview/supporter-home.ts';
import { PeopleStore } from './src/storage/people.ts';
export function reads(team: string, sup: { supporter_id: string; mentee_id: string }) {
  const out: [string, string, unknown[]][] = [];
  const fake = { all: async (r: { name: string; sql: string }, p: readonly unknown[]) => { out.push([r.name, r.sql, [...p]]); return []; }, close() {} };
  void menteeHome(fake as never, team, sup.mentee_id, 5);
  void supporterPage({} as never, fake as never, team, sup.supporter_id, 0, 10);
  void new PeopleStore({} as never, fake as never).viewer(team, sup.supporter_id);
  return out;
}
