/** One line of `npm run doctor`: what it found and, when something is wrong, what to do. */
export interface CheckResult {
  ok: boolean;
  line: string;
  /** What to do about it; set whenever `ok` is false or `warning` is set. */
  fix?: string;
  /** Works for now, but may not for long (a clock drifting towards Slack's limit). Not a failure. */
  warning?: boolean;
}

export const passed = (line: string): CheckResult => ({ ok: true, line });
export const failed = (line: string, fix: string): CheckResult => ({ ok: false, line, fix });
export const warned = (line: string, fix: string): CheckResult => ({ ok: true, line, fix, warning: true });

/** `✓ line`, `! line → fix`, `✗ line → fix`. */
export function formatResult(r: CheckResult): string {
  const mark = !r.ok ? '✗' : r.warning ? '!' : '✓';
  return `${mark} ${r.line}${r.fix ? ` → ${r.fix}` : ''}`;
}
