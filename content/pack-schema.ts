/**
 * The course pack format: a course, its sessions, each session's learning outcomes and
 * resources. A pack is untrusted input (bundled today, imported by a facilitator tomorrow),
 * so everything that reads one goes through {@link parsePack}, which validates it fully and
 * names the path of the first bad field.
 */
import * as v from 'valibot';
import { issuePath } from '../utils/protocol/issue-path';
import { CONTENT_ID } from '../utils/protocol/schema-atoms';
import { isPublicUrl, type HostOptions } from './hosts';
import { isHttpUrl } from './address';

/** The pack format this build reads. A pack with another `format` is refused, not guessed at. */
export const PACK_FORMAT = 1;

/**
 * Every limit of a course pack, in one place. A pack is untrusted input, and a huge one is
 * costly everywhere (19 MB took 6.8 s to import and 5.9 s to open the popup), so the file is
 * capped before it is read and each session has sane bounds. Generous for a real course: the
 * bundled pack is 9 KB, one session of eight resources.
 */
export const PACK_LIMITS = {
  /** The largest pack file read (or pack accepted by the background), in bytes: 2 MiB. */
  fileBytes: 2 * 1024 * 1024,
  sessions: 100,
  outcomesPerSession: 100,
  /** As many as the course-page parser keeps (`PAGE_LIMITS.resources`, parse-course-page.ts). */
  resourcesPerSession: 200,
  alternatesPerResource: 20,
  outcomeRefsPerResource: 50,
  title: 300,
  summary: 2000,
  intro: 5000,
  outcome: 1000,
  link: 2048,
} as const;

import { RESOURCE_KINDS, type ResourceKind } from './kinds';

export { RESOURCE_KINDS, type ResourceKind };

// Ids are the same everywhere the learner's data goes (utils/protocol/limits.ts).
const ID = CONTENT_ID;
const LANG = v.pipe(
  v.string(),
  v.regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language tag like "fr"'),
);
const text = (max: number) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(max, `must be at most ${max} characters`),
  );

/**
 * A link a learner may follow. Only http(s): a `javascript:` or `data:` link in a pack would
 * run in the extension's pages if a learner clicked it.
 */
export const LinkSchema = v.pipe(
  v.string(),
  v.maxLength(PACK_LIMITS.link, `must be at most ${PACK_LIMITS.link} characters`),
  v.check(isHttpUrl, 'must be an http or https address'),
);

/** Translations of an entity's texts, by language tag: `{ "fr": { "title": "…" } }`. */
const l10n = <T extends v.ObjectEntries>(entries: T) =>
  v.optional(v.record(LANG, v.partial(v.strictObject(entries))));

const OutcomeSchema = v.strictObject({
  /** Stable id, unique within its session; reflections refer to it. */
  id: ID,
  text: text(PACK_LIMITS.outcome),
  l10n: l10n({ text: text(PACK_LIMITS.outcome) }),
});

const ResourceSchema = v.strictObject({
  /** Stable id, unique within the pack; progress and reflections refer to it. */
  id: ID,
  kind: v.picklist(RESOURCE_KINDS, `must be one of ${RESOURCE_KINDS.join(', ')}`),
  title: text(PACK_LIMITS.title),
  summary: text(PACK_LIMITS.summary),
  /** The reading's address, or `null` when nobody knows it yet: never invented. */
  link: v.nullable(LinkSchema),
  /** Other addresses of the same reading (a mirror, a PDF, a transcript). */
  alternates: v.optional(
    v.pipe(v.array(LinkSchema), v.maxLength(PACK_LIMITS.alternatesPerResource)),
  ),
  /** Ids of the session's outcomes this resource serves. */
  outcomes: v.optional(v.pipe(v.array(ID), v.maxLength(PACK_LIMITS.outcomeRefsPerResource))),
  l10n: l10n({ title: text(PACK_LIMITS.title), summary: text(PACK_LIMITS.summary) }),
});

const DATE = v.pipe(v.string(), v.isoDate('must be a date like 2026-11-28'));

const SessionSchema = v.strictObject({
  id: ID,
  number: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(999)),
  /** The page's own heading line, e.g. "Session 6 Resources". */
  heading: text(300),
  title: text(300),
  intro: text(PACK_LIMITS.intro),
  /** The session's page on the course site, where links can be learned from. */
  pageUrl: v.nullable(LinkSchema),
  startsOn: v.optional(DATE),
  endsOn: v.optional(DATE),
  outcomes: v.pipe(
    v.array(OutcomeSchema),
    v.maxLength(
      PACK_LIMITS.outcomesPerSession,
      `must list at most ${PACK_LIMITS.outcomesPerSession} outcomes`,
    ),
  ),
  resources: v.pipe(
    v.array(ResourceSchema),
    v.maxLength(
      PACK_LIMITS.resourcesPerSession,
      `must list at most ${PACK_LIMITS.resourcesPerSession} resources`,
    ),
  ),
  l10n: l10n({
    heading: text(PACK_LIMITS.title),
    title: text(PACK_LIMITS.title),
    intro: text(PACK_LIMITS.intro),
  }),
});

/** The schema of a whole pack. Use {@link parsePack} rather than this directly. */
export const PackSchema = v.strictObject({
  format: v.literal(
    PACK_FORMAT,
    `must be ${PACK_FORMAT} (this version reads format ${PACK_FORMAT})`,
  ),
  /** Stable id of the course; backups name it so they are not restored into another course. */
  id: ID,
  /** The pack's own version, shown to facilitators and written into backups. */
  version: text(50),
  /** The language the pack's texts are written in. */
  lang: LANG,
  course: v.strictObject({
    title: text(300),
    organisation: text(300),
    url: LinkSchema,
    contact: v.strictObject({
      name: text(200),
      email: v.pipe(v.string(), v.email('must be an email address')),
    }),
    l10n: l10n({ title: text(300), organisation: text(300) }),
  }),
  /** The session shown by default; when absent, session dates (or the first session) decide. */
  currentSession: v.optional(ID),
  sessions: v.pipe(
    v.array(SessionSchema),
    v.minLength(1, 'must list at least one session'),
    v.maxLength(PACK_LIMITS.sessions, `must list at most ${PACK_LIMITS.sessions} sessions`),
  ),
});

/** A validated course pack. */
export type Pack = v.InferOutput<typeof PackSchema>;
/** One session of a {@link Pack}. */
export type Session = Pack['sessions'][number];
/** One resource (reading, video, podcast…) of a {@link Session}. */
export type Resource = Session['resources'][number];

/** Why a pack was refused: the path of the first bad field and what is wrong with it. */
export interface PackError {
  /** Dotted path with indices, e.g. `sessions[0].resources[2].kind`; empty for the whole pack. */
  path: string;
  message: string;
}

/** The outcome of {@link parsePack}. */
export type PackResult = { ok: true; pack: Pack } | { ok: false; error: PackError };

/**
 * Validate an untrusted value as a course pack: its shape, then the rules between fields
 * (unique ids, outcome references, a current session that exists). A pack from outside the
 * build goes through {@link parseImportedPack}, which also refuses private hosts.
 *
 * @example
 * const r = parsePack(JSON.parse(text));
 * if (!r.ok) show(`${r.error.path}: ${r.error.message}`);
 */
export function parsePack(input: unknown): PackResult {
  const parsed = v.safeParse(PackSchema, input);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    return { ok: false, error: { path: issuePath(issue), message: issue.message } };
  }
  const pack = parsed.output;
  const fail = (path: string, message: string): PackResult => ({
    ok: false,
    error: { path, message },
  });

  const sessionIds = new Set<string>();
  const resourceIds = new Set<string>();
  for (const [si, session] of pack.sessions.entries()) {
    const at = `sessions[${si}]`;
    if (sessionIds.has(session.id)) return fail(`${at}.id`, `duplicate session id "${session.id}"`);
    sessionIds.add(session.id);
    if (session.startsOn && session.endsOn && session.endsOn < session.startsOn)
      return fail(`${at}.endsOn`, 'must not be before startsOn');
    const outcomeIds = new Set<string>();
    for (const [oi, outcome] of session.outcomes.entries()) {
      if (outcomeIds.has(outcome.id))
        return fail(`${at}.outcomes[${oi}].id`, `duplicate outcome id "${outcome.id}"`);
      outcomeIds.add(outcome.id);
    }
    for (const [ri, resource] of session.resources.entries()) {
      const rat = `${at}.resources[${ri}]`;
      if (resourceIds.has(resource.id))
        return fail(`${rat}.id`, `duplicate resource id "${resource.id}"`);
      resourceIds.add(resource.id);
      for (const [k, ref] of (resource.outcomes ?? []).entries()) {
        if (!outcomeIds.has(ref))
          return fail(
            `${rat}.outcomes[${k}]`,
            `names outcome "${ref}", which this session does not have`,
          );
      }
    }
  }
  if (pack.currentSession !== undefined && !sessionIds.has(pack.currentSession))
    return fail(
      'currentSession',
      `names session "${pack.currentSession}", which the pack does not have`,
    );
  return { ok: true, pack };
}

/**
 * Validate a pack that comes from outside the build (imported by a facilitator, or rebuilt
 * from a course page's differences): {@link parsePack}, and every address must name a public
 * host (`content/hosts.ts`), so that a link check never probes the facilitator's own network.
 * Kept apart from `parsePack` so that pages which only load the bundled pack do not carry the
 * host rules.
 *
 * @param options `allowLoopback` for the end-to-end test build only
 */
export function parseImportedPack(input: unknown, options: HostOptions = {}): PackResult {
  const result = parsePack(input);
  if (!result.ok) return result;
  const { pack } = result;
  const PRIVATE = 'must not name a private or local address (loopback, private network, .local…)';
  const fail = (path: string): PackResult => ({ ok: false, error: { path, message: PRIVATE } });
  const isPrivate = (url: string | null | undefined) =>
    typeof url === 'string' && !isPublicUrl(url, options);
  if (isPrivate(pack.course.url)) return fail('course.url');
  for (const [si, session] of pack.sessions.entries()) {
    const at = `sessions[${si}]`;
    if (isPrivate(session.pageUrl)) return fail(`${at}.pageUrl`);
    for (const [ri, resource] of session.resources.entries()) {
      const rat = `${at}.resources[${ri}]`;
      if (isPrivate(resource.link)) return fail(`${rat}.link`);
      for (const [k, alt] of (resource.alternates ?? []).entries())
        if (isPrivate(alt)) return fail(`${rat}.alternates[${k}]`);
    }
  }
  return result;
}

/**
 * The text of a pack field in the learner's language when the pack provides it, else as
 * written. The pack's own words are never machine-translated.
 */
export function localized<K extends string>(
  entity: Record<K, string> & { l10n?: Record<string, Partial<Record<K, string>>> | undefined },
  key: K,
  lang: string,
): string {
  const l = entity.l10n;
  if (l) {
    const base = lang.split('-')[0] ?? lang;
    const hit = l[lang]?.[key] ?? l[base]?.[key];
    if (hit) return hit;
  }
  return entity[key];
}
