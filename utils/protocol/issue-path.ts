import type * as v from 'valibot';

/**
 * Where a schema issue is, as a person reads a path: `sessions[0].resources[2].kind`. Used by
 * every validator that reports a path (course packs, backups, messages).
 */
export function issuePath(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = (item as { key: unknown }).key;
    out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  }
  return out;
}
