import { z } from 'zod';

/**
 * Values Lifering writes into a payload and Slack hands back (button and option values,
 * `private_metadata`, external-select option values) are read through the schema that sits next
 * to the code that wrote them. A value from an old message, written before a deploy changed its
 * shape, or one a client altered, fails its schema and reads as undefined: the listener then
 * answers that the message is out of date, never throws.
 */
export function readValue<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> | undefined {
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** A schema for JSON text whose parsed value must match `schema`. */
export function jsonText<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/**
 * A row id as written into a value: a whole number an integer column holds. Values come back as
 * the person's client sent them, and PostgreSQL would reject "1.5" or "abc" with an error.
 */
export const rowIdText = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .transform(Number)
  .pipe(z.number().max(2_147_483_647));

/** A row id in JSON (private_metadata, a JSON button value). */
export const rowIdNumber = z.number().int().min(1).max(2_147_483_647);

/** A Slack user id as Lifering writes it. */
export const userIdText = z.string().regex(/^[UW][A-Z0-9]{2,}$/);

/**
 * What a person is told when a value read back fails its schema, by where they clicked: each says
 * how to get the current version, since the one they have can no longer be used.
 */
export const OUT_OF_DATE = {
  message:
    'This button is from an older version of this message and no longer works. Open Lifering\u2019s Home tab for the current one.',
  home: 'This button is from an older version of your Home tab. Leave the tab and come back to Home to see the current one, then try again.',
  modal:
    'This form is from an older version of Lifering and can no longer be used. Copy anything you typed, close it and open it again.',
} as const;
