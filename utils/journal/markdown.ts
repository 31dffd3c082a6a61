/**
 * The learner's journal as Markdown: a session's (or the whole course's) outcomes, resources
 * and reflections, to keep, print or paste into the course forum.
 *
 * Every fixed word comes from the `t` passed in, so the journal is in the learner's language.
 * The learner's words, quotes and page titles (which the page controls: a selection includes
 * text the page hides in it) and the pack's texts are shown as written, never as Markdown or
 * HTML: every character that could start inline syntax (`\`, `` ` ``, `*`, `_`, `~`, `[`,
 * `]`, `|`) is escaped with a backslash, as are `<` that would open a tag or an autolink, `&`
 * before an entity, and a line start that would open a block (a heading, quote, list, rule).
 * Ordinary prose reads as it was written; only those characters gain a backslash in the file.
 *
 * Line breaks are kept: a single newline ends its line with two spaces (a hard break in every
 * Markdown dialect), a blank line starts a new paragraph.
 */
import { localized, type Pack, type Resource, type Session } from '../../content/pack-schema';
import type { Progress, Reflection } from '../protocol/records';
import { formatMediaTime, type MessageKey } from '../i18n';

export { formatMediaTime };

/** A translation function, such as `t` from `utils/i18n.ts`. */
export type Translate = (key: MessageKey, subs?: (string | number)[]) => string;

/** What {@link exportMarkdown} needs. */
export interface MarkdownExportInput {
  pack: Pack;
  /**
   * The sessions to include (one, or every session of the pack), shown in course order: by
   * session number, whatever order the pack lists them in (a session learned from the course's
   * page comes last in the pack whatever its week).
   */
  sessionIds: readonly string[];
  /** The learner's reflections; other courses' and deleted ones are left out. */
  reflections: readonly Reflection[];
  progress: readonly Progress[];
  t: Translate;
  /** The learner's language: the pack's translations and date formats follow it. */
  lang: string;
  /** Time zone for dates (default: the browser's); tests pass `UTC`. */
  timeZone?: string;
  /** When the journal is made, printed under the title if given. */
  exportedAt?: Date;
}

/**
 * Learner text as Markdown paragraphs that show it as written (see the module comment): block
 * starters and HTML escaped, single newlines turned into hard breaks. Returns the lines.
 */
export function markdownParagraphs(text: string): string[] {
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length === 0) return;
    if (out.length > 0) out.push('');
    out.push(...paragraph.map((line, i) => (i < paragraph.length - 1 ? `${line}  ` : line)));
    paragraph = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (line.trim() === '') flush();
    else paragraph.push(escapeLine(line));
  }
  flush();
  return out;
}

/**
 * One line of text, safe anywhere a line goes (a list item, a heading): newlines become
 * spaces, then it is escaped as in {@link markdownParagraphs}.
 */
export function markdownLine(text: string): string {
  return escapeLine(text.replace(/\s+/g, ' ').trim());
}

/** Build the journal. The result ends with a newline. */
export function exportMarkdown(input: MarkdownExportInput): string {
  const { pack, t, lang } = input;
  const dateFormat = new Intl.DateTimeFormat(lang, {
    dateStyle: 'long',
    ...(input.timeZone === undefined ? {} : { timeZone: input.timeZone }),
  });
  const day = (iso: string) => dateFormat.format(new Date(iso));
  const wanted = new Set(input.sessionIds);
  const sessions = pack.sessions
    .filter((s) => wanted.has(s.id))
    .sort((a, b) => a.number - b.number);
  const allSessions = sessions.length === pack.sessions.length;

  const live = input.reflections
    .filter((r) => r.courseId === pack.id && r.deletedAt === null)
    .sort((a, b) => compare(a.createdAt, b.createdAt) || compare(a.id, b.id));
  const resourceIds = new Set(pack.sessions.flatMap((s) => s.resources.map((r) => r.id)));
  const sessionIdsInPack = new Set(pack.sessions.map((s) => s.id));
  const byResource = groupBy(
    live.filter((r) => resourceIds.has(r.resourceId)),
    (r) => r.resourceId,
  );
  // Reflections on resources a newer pack no longer lists are still the learner's words.
  const orphans = live.filter((r) => !resourceIds.has(r.resourceId));
  const doneAt = new Map(
    input.progress
      .filter((p) => p.courseId === pack.id && p.doneAt !== null)
      .map((p) => [p.resourceId, p.doneAt]),
  );

  const lines: string[] = [];
  const block = (...more: string[]) => {
    if (lines.length > 0) lines.push('');
    lines.push(...more);
  };
  const heading = (level: number, text: string) => {
    block(`${'#'.repeat(level)} ${headingText(text)}`);
  };
  const sessionTitle = (s: Session) =>
    t('journalSessionHeading', [t('sessionLabel', [s.number]), localized(s, 'title', lang)]);

  const reflection = (r: Reflection, session: Session | undefined, showPage: boolean) => {
    let meta = `**${day(r.createdAt)}**`;
    if (r.mediaTime !== null) meta += ` · ${t('journalAtTime', [formatMediaTime(r.mediaTime)])}`;
    if (day(r.updatedAt) !== day(r.createdAt))
      meta += ` · ${t('journalEdited', [day(r.updatedAt)])}`;
    block(meta);
    if (showPage && r.pageUrl !== '')
      block(
        t('journalPage', [`${markdownLine(r.pageTitle || r.pageUrl)} (${autolink(r.pageUrl)})`]),
      );
    if (r.quote && r.quote.exact.trim() !== '')
      block(...markdownParagraphs(r.quote.exact).map((l) => (l === '' ? '>' : `> ${l}`)));
    const body = markdownParagraphs(r.text);
    if (body.length > 0) block(...body);
    if (r.outcomeIds.length > 0) {
      block(t('journalSpeaksTo'));
      lines.push('');
      for (const id of r.outcomeIds) {
        const outcome = session?.outcomes.find((o) => o.id === id);
        const text = outcome
          ? markdownLine(localized(outcome, 'text', lang))
          : t('journalUnknownOutcome', [markdownLine(id)]);
        lines.push(`- ${text}`);
      }
    }
  };
  const otherReflections = (level: number, list: readonly Reflection[]) => {
    heading(level, t('journalOtherReflections'));
    block(`_${t('journalOtherReflectionsHint')}_`);
    for (const r of list)
      reflection(
        r,
        pack.sessions.find((s) => s.id === r.sessionId),
        true,
      );
  };

  heading(1, t('journalTitle', [localized(pack.course, 'title', lang)]));
  block(
    `${markdownLine(localized(pack.course, 'organisation', lang))} · ${autolink(pack.course.url)}`,
  );
  if (input.exportedAt) block(t('journalExportedOn', [dateFormat.format(input.exportedAt)]));

  for (const session of sessions) {
    heading(2, sessionTitle(session));
    heading(3, t('outcomesHeading'));
    block(...session.outcomes.map((o) => `- ${markdownLine(localized(o, 'text', lang))}`));
    heading(3, t('resourcesHeading'));
    for (const resource of session.resources) {
      heading(4, resourceTitle(resource));
      block(resource.link === null ? `_${t('linkUnknown')}_` : autolink(resource.link));
      const done = doneAt.get(resource.id);
      if (done) block(t('journalDoneOn', [day(done)]));
      const list = byResource.get(resource.id) ?? [];
      if (list.length === 0) block(`_${t('journalNoReflections')}_`);
      for (const r of list) reflection(r, session, false);
    }
    const others = orphans.filter((r) => r.sessionId === session.id);
    if (others.length > 0) otherReflections(3, others);
  }
  const lost = orphans.filter((r) => !sessionIdsInPack.has(r.sessionId));
  if (allSessions && lost.length > 0) otherReflections(2, lost);

  heading(2, t('journalOutcomesWithout'));
  let anyGap = false;
  for (const session of sessions) {
    const reflected = new Set(
      live.filter((r) => r.sessionId === session.id).flatMap((r) => r.outcomeIds),
    );
    const gaps = session.outcomes.filter((o) => !reflected.has(o.id));
    if (gaps.length === 0) continue;
    anyGap = true;
    if (sessions.length > 1) heading(3, sessionTitle(session));
    block(...gaps.map((o) => `- ${markdownLine(localized(o, 'text', lang))}`));
  }
  if (!anyGap) block(`_${t('journalAllOutcomesReflected')}_`);

  return `${lines.join('\n')}\n`;

  function resourceTitle(resource: Resource): string {
    return t('journalResourceHeading', [
      t(`kind_${resource.kind}`),
      localized(resource, 'title', lang),
    ]);
  }
}

// Characters that start inline syntax wherever they are: escapes, code spans, emphasis,
// strikethrough, links and images (`[`; `![` needs it too), tables. Always escaped, and the
// backslash first of all, so an escape the learner wrote cannot cancel ours.
const INLINE = /[\\`*_~[\]|]/g;
// `<` that would open an HTML tag, comment, declaration or autolink; `&` that would be read
// as an entity (`&amp;`, `&#169;`, `&#x41;`). A `<` or `&` in prose is left as it is.
const HTML_START = /<(?=[A-Za-z/!?])/g;
const ENTITY = /&(?=#?[A-Za-z0-9]+;)/g;
// What starts a block at the start of a line: a heading, a block quote, a bullet or a rule
// (`-`, `+`; `*` is escaped above), a setext underline (`=`), an ordered list (`1.`, `1)`).
const BLOCK_START = /^(?:[#>]|[-+=](?=[\s\-+=]|$))/;
const ORDERED = /^(\d{1,9})([.)])(?=\s|$)/;

/**
 * One line of untrusted text, escaped so that CommonMark (and GitHub's tables and
 * strikethrough) shows it as written: every character that could start inline syntax is
 * backslash-escaped, and the line's own start cannot open a block. Leading whitespace is
 * dropped: it would make an indented code block, and Markdown does not show it anyway.
 * Checked against a real renderer in `tests/unit/utils/journal/markdown-render.test.ts`.
 */
function escapeLine(line: string): string {
  return line
    .trimStart()
    .replace(INLINE, '\\$&')
    .replace(HTML_START, '\\<')
    .replace(ENTITY, '\\&')
    .replace(BLOCK_START, '\\$&')
    .replace(ORDERED, '$1\\$2');
}

/** A heading's text: one line, escaped, and no trailing `#` that Markdown would drop. */
function headingText(text: string): string {
  return markdownLine(text).replace(
    /(\s)(#+)$/,
    (_m, space: string, hashes: string) => `${space}${hashes.replace(/#/g, '\\#')}`,
  );
}

/** An address as an autolink; `URL#href` percent-encodes the spaces and `<>` that would end it. */
function autolink(url: string): string {
  try {
    return `<${new URL(url).href}>`;
  } catch {
    return markdownLine(url);
  }
}

function groupBy<T>(list: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) {
    const k = key(x);
    const group = out.get(k);
    if (group) group.push(x);
    else out.set(k, [x]);
  }
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
