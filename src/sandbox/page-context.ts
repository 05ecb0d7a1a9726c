// What the sandbox page's JSON API works with, and how it reads what the page sent.

import type { Logger } from '@slack/bolt';
import type { Lifering } from '../app.ts';
import type { Driver } from './driver.ts';
import type { FakeSlack, JsonObject } from './fake-slack.ts';
import { SANDBOX_PEOPLE } from './seed.ts';

/** The running sandbox as the page's requests see it. */
export interface PageContext {
  fake: FakeSlack;
  driver: Driver;
  lifering: Lifering;
  now(): Date;
  /** True once the page has moved the simulated clock off real time. */
  clockMoved(): boolean;
  setClock(at: Date | undefined): void;
  /** What "Run reminder sweep" does, looked up at each request (a test may swap it). */
  runSweep(now: Date, app: Lifering): Promise<string>;
  /** Problems the app logged while serving the page's last request, shown on the page as notices. */
  logged: string[];
  log: Logger;
}

/** A mistake the page made or a person would see in Slack; shown as a message, never a crash. */
export class Refusal extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export const text = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || v === '') throw new Refusal(`${name} is missing`);
  return v;
};

const personIds = new Set(SANDBOX_PEOPLE.map((p) => p.id));

/** True when `id` is one of the seeded people. */
export const isPerson = (id: unknown): boolean => typeof id === 'string' && personIds.has(id);

/** The seeded person the page acts as. */
export function person(v: unknown): string {
  const id = text(v, 'user');
  if (!personIds.has(id)) throw new Refusal(`There is no ${id} in this workspace.`);
  return id;
}
