/*
 * "Did you mean": the closest known name to what someone typed. Pure, so the `/mentor` router
 * (a mistyped subcommand) and the features (a mistyped topic) judge closeness the same way.
 */

/** Levenshtein distance: single-character insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

/**
 * How far `typed` is from `name`, or undefined when it is too far to suggest: a typed start of the
 * name (at least `minPrefix` characters) counts as 0, otherwise the edit distance, which may be at
 * most `maxDistance(name)`. Both are compared as given: callers lower-case them first.
 */
export function closeness(
  typed: string,
  name: string,
  opts: { minPrefix: number; maxDistance: (name: string) => number },
): number | undefined {
  if (typed.length >= opts.minPrefix && name.startsWith(typed)) return 0;
  // Beyond this the names cannot be close, and the distance costs the product of the lengths.
  if (Math.abs(typed.length - name.length) > opts.maxDistance(name)) return undefined;
  const d = editDistance(typed, name);
  return d <= opts.maxDistance(name) ? d : undefined;
}
