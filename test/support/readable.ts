/** Every piece of text a person reads in what Lifering sent: text objects, a message's `text`, a file's comment. */
export function readable(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) readable(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if ((o.type === 'plain_text' || o.type === 'mrkdwn') && typeof o.text === 'string') out.push(o.text);
    for (const [k, v] of Object.entries(o)) {
      if ((k === 'text' || k === 'initial_comment') && typeof v === 'string') out.push(v);
      // Values, ids, private metadata and a date picker's initial date are for the machine.
      else if (
        ![
          'value',
          'initial_date',
          'private_metadata',
          'action_id',
          'block_id',
          'callback_id',
          'url',
          'filename',
        ].includes(k)
      )
        readable(v, out);
    }
  }
  return out;
}
