/**
 * Names of the files the learner downloads (the background names them, the popup saves them):
 * a backup (`.json`), a Markdown journal (`.md`) or Web Annotations (`_annotations.jsonld`).
 */

/**
 * A file name for a backup (`.json`) or a Markdown journal (`.md`), safe on every file system:
 * `seize-fse_session-6_2026-11-28.json`, or `seize-fse_all-sessions_2026-11-28.json` for
 * the whole course. `date` is a `YYYY-MM-DD` string (the learner's local date) or a `Date`,
 * read in local time. `kind` ends the name before its extension
 * (`seize-fse_session-6_2026-11-28_annotations.jsonld`).
 */
export function journalFileName(opts: {
  courseId: string;
  sessionId: string | null;
  date: string | Date;
  ext?: string;
  kind?: string;
}): string {
  const day =
    typeof opts.date === 'string'
      ? opts.date
      : `${opts.date.getFullYear()}-${pad(opts.date.getMonth() + 1)}-${pad(opts.date.getDate())}`;
  const parts = [
    opts.courseId,
    opts.sessionId ?? 'all-sessions',
    day,
    ...(opts.kind === undefined ? [] : [opts.kind]),
  ].map((p) => safePart(p, 64));
  const ext = safePart(opts.ext ?? 'json', 8) || 'json';
  return `${parts.map((p) => p || 'x').join('_')}.${ext}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function safePart(s: string, max: number): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, max);
}
