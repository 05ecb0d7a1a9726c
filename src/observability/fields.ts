/** A value our own code attaches to a log line: an id, a count, a duration, a fixed word. */
export type FieldValue = string | number | boolean | undefined;

/**
 * Named values for one log line, which the logger writes as fields of the JSON line. The one kind
 * of object it writes besides an Error: made by Lifering's own code from ids, counts and
 * durations, never from anything a person typed or a Slack payload. Any other object given to
 * the logger is left out.
 */
export class LogFields {
  constructor(readonly values: Readonly<Record<string, FieldValue>>) {}
}

export const fields = (values: Readonly<Record<string, FieldValue>>): LogFields => new LogFields(values);
