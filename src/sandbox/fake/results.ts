// Reading a Web API call's arguments and writing Slack's failure answers.

import type { JsonObject, Result } from './types.ts';

export const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export const str = (args: JsonObject, key: string): string | undefined => {
  const v = args[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
};

export const failure = (error: string, messages?: string[]): Result =>
  messages && messages.length > 0 ? { ok: false, error, response_metadata: { messages } } : { ok: false, error };

export const missing = (...fields: string[]): Result =>
  failure(
    'invalid_arguments',
    fields.map((f) => `[ERROR] missing required field: ${f}`),
  );

export const firstMissing = (args: JsonObject, ...fields: string[]): Result | undefined => {
  const absent = fields.filter((f) => args[f] === undefined || args[f] === '');
  return absent.length > 0 ? missing(...absent) : undefined;
};
