/**
 * Requests about the learner's journal, all from the toolbar popup (and, for moving
 * reflections between courses, the facilitator page): the session's progress and counts,
 * search, export, import, and adopting the reflections of other courses.
 */
import { backupTooLarge } from '../../../utils/journal/backup-format';
import { backupToJson, buildBackup } from '../../../utils/journal/backup-build';
import { parseBackup } from '../../../utils/journal/backup-parse';
import type { ImportPlan } from '../../../utils/journal/backup-merge';
import { journalFileName } from '../../../utils/journal/file-name';
import { annotationsToJson, webAnnotations } from '../../../utils/journal/web-annotation';
import {
  countOf,
  type BackupStatus,
  type CourseProgress,
  type ImportCounts,
  type Reply,
  type ReflectionCounts,
  type SessionLabels,
} from '../../../utils/protocol/messages';
import type { Reflection } from '../../../utils/protocol/records';
import type { Pack } from '../../../content/pack-schema';
import { clock, type BackgroundDeps, type Handler } from '../deps';
import { LIMITS } from '../../../utils/protocol/limits';
import type { Store } from '../db/store';

/** How many of a session's newest reflections `session:state` sends (the popup's first page). */
/** The newest reflections the session's state carries: the popup's first page. */
const RECENT = LIMITS.reflectionsPage;
/** How long new work may go without an export before the popup reminds the learner. */
const REMINDER_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Count reflections by resource and by outcome. The tallies are null-prototype objects: a pack
 * may name an outcome `constructor` or `__proto__`, which a plain `{}` would read from (or
 * write to) `Object.prototype`. They cross the message boundary as plain JSON objects, so
 * readers look a count up with {@link countOf}.
 */
export function countReflections(reflections: readonly Reflection[]): ReflectionCounts {
  const byResource = Object.create(null) as Record<string, number>;
  const byOutcome = Object.create(null) as Record<string, number>;
  for (const r of reflections) {
    byResource[r.resourceId] = countOf(byResource, r.resourceId) + 1;
    for (const o of r.outcomeIds) byOutcome[o] = countOf(byOutcome, o) + 1;
  }
  return { total: reflections.length, byResource, byOutcome };
}

/** Does a reflection's text or quote contain the query (ignoring case)? An empty query matches all. */
export function reflectionMatches(r: Reflection, query: string): boolean {
  const q = query.trim().toLocaleLowerCase();
  return (
    !q ||
    r.text.toLocaleLowerCase().includes(q) ||
    (r.quote?.exact.toLocaleLowerCase().includes(q) ?? false)
  );
}

/**
 * Whether the learner should be reminded to export: there is work written or changed since
 * the last export, and a week has passed since that export (or, never exported, since the
 * oldest such work).
 */
export function backupStatus(
  all: readonly Reflection[],
  lastExportAt: string | null,
  at: Date,
): BackupStatus {
  const changed = all.filter((r) => lastExportAt === null || r.updatedAt > lastExportAt);
  let since = lastExportAt;
  if (since === null)
    for (const r of changed) if (since === null || r.createdAt < since) since = r.createdAt;
  const reminder =
    changed.length > 0 && since !== null && at.getTime() - Date.parse(since) > REMINDER_AFTER_MS;
  return { lastExportAt, changedSinceExport: changed.length, reminder };
}

function importCounts(plan: ImportPlan): ImportCounts {
  return {
    added: plan.add.length,
    updated: plan.update.length,
    conflicts: plan.conflicts.length,
    unchanged: plan.unchanged + plan.keptLocal,
    links: plan.learnerLinks.length,
  };
}

/**
 * The sessions the popup can show of course `courseId`: the current pack's, when it is that
 * course's (a pack of another course knows none of this one's sessions).
 */
function knownSessions(courseId: string, deps: BackgroundDeps): Pack['sessions'] {
  const { pack } = deps.course.current();
  return pack.id === courseId ? pack.sessions : [];
}

/**
 * The learner's progress over every known session of the course: how many of their resources
 * are done. The progress index is by session, so each session is one indexed read.
 */
async function courseProgress(
  store: Store,
  courseId: string,
  sessions: Pack['sessions'],
  reflections: number,
): Promise<CourseProgress> {
  const all = await Promise.all(sessions.map((s) => store.progressBySession(courseId, s.id)));
  const resourceIds = new Set(sessions.flatMap((s) => s.resources.map((r) => r.id)));
  const done = all.flat().filter((p) => p.doneAt !== null && resourceIds.has(p.resourceId)).length;
  return { done, resources: resourceIds.size, reflections };
}

/**
 * `session:state`: the learner's progress, counts and latest reflections for a session: what
 * the popup shows first. Read through the session's indexes only, so a learner with thousands
 * of reflections in other sessions does not wait for them (npm run bench, popup-cold).
 */
export const sessionState: Handler<'session:state'> = async (request, _sender, deps) => {
  const store = await deps.store();
  const [progress, reflections] = await Promise.all([
    store.progressBySession(request.courseId, request.sessionId),
    store.listBySession(request.courseId, request.sessionId),
  ]);
  return {
    ok: true,
    progress,
    counts: countReflections(reflections),
    recent: reflections.slice(0, RECENT),
  };
};

/**
 * `journal:status`: what the popup shows of the whole journal, a moment after the session:
 * the course's progress, the backup reminder (a whole backup holds every course, so it counts
 * every course's work) and the reflections of other courses. Reads every reflection.
 */
export const journalStatus: Handler<'journal:status'> = async (request, _sender, deps) => {
  const store = await deps.store();
  const [course, everything, lastExportAt] = await Promise.all([
    store.courseReflections(request.courseId),
    store.allReflections(),
    store.getSetting('lastExportAt'),
  ]);
  return {
    ok: true,
    course: await courseProgress(
      store,
      request.courseId,
      knownSessions(request.courseId, deps),
      course.filter((r) => r.deletedAt === null).length,
    ),
    backup: backupStatus(everything, lastExportAt, clock(deps)),
    otherCourses: everything.filter((r) => r.deletedAt === null && r.courseId !== request.courseId)
      .length,
  };
};

/**
 * What the popup needs to name reflections of sessions it does not show: each session's
 * outcome ids (a tag says "Outcome 2") and resource titles with their translations.
 */
function sessionLabels(sessions: Pack['sessions'], ids: ReadonlySet<string>): SessionLabels[] {
  return sessions
    .filter((s) => ids.has(s.id))
    .map((s) => ({
      id: s.id,
      outcomeIds: s.outcomes.map((o) => o.id),
      resources: s.resources.map((r) => ({
        id: r.id,
        title: r.title,
        l10n: Object.fromEntries(
          Object.entries(r.l10n ?? {}).flatMap(([lang, t]) =>
            t.title === undefined ? [] : [[lang, { title: t.title }]],
          ),
        ),
      })),
    }));
}

/**
 * `reflections:search`: the reflections of a session (or, without `sessionId`, of the whole
 * course) whose text or quote contains the query. A course-wide search also names the
 * sessions its page of results comes from ({@link sessionLabels}).
 */
export const reflectionsSearch: Handler<'reflections:search'> = async (request, _sender, deps) => {
  const store = await deps.store();
  const { sessionId } = request;
  const found = (await store.courseReflections(request.courseId)).filter(
    (r) =>
      r.deletedAt === null &&
      (sessionId === undefined || r.sessionId === sessionId) &&
      reflectionMatches(r, request.query),
  );
  const page = found.slice(0, request.limit);
  return {
    ok: true,
    total: found.length,
    reflections: page,
    sessions:
      sessionId === undefined
        ? sessionLabels(
            knownSessions(request.courseId, deps),
            new Set(page.map((r) => r.sessionId)),
          )
        : [],
  };
};

/** Each export format's file name ending. */
const FILE_OF = {
  json: { ext: 'json' },
  markdown: { ext: 'md' },
  annotations: { ext: 'jsonld', kind: 'annotations' },
} as const;

/** A file too large to hand out: the import would refuse it, and a message might not carry it. */
const TOO_LARGE = {
  ok: false,
  error: { code: 'backup_refused', reason: 'too_large', detail: 'export too large' },
} as const;

/**
 * `export:prepare`: a backup file, Web Annotations (JSON-LD) of the course's reflections, or
 * what the popup builds a Markdown journal from.
 */
export const exportPrepare: Handler<'export:prepare'> = async (request, _sender, deps) => {
  const store = await deps.store();
  const courseId = deps.course.pack().id;
  const at = clock(deps);
  const fileName = journalFileName({
    courseId,
    sessionId: request.sessionId,
    date: at,
    ...FILE_OF[request.format],
  });
  const inScope = (x: { sessionId: string }) =>
    request.sessionId === null || x.sessionId === request.sessionId;
  let reply: Reply<'export:prepare'>;
  if (request.format === 'annotations') {
    // The course's reflections (as the Markdown journal), built here like a backup: the
    // popup's bundle stays without the writer.
    const { pack } = deps.course.current();
    const reflections = (await store.courseReflections(courseId)).filter(inScope);
    const collection = await webAnnotations(reflections, {
      label: pack.course.title,
      sessions: knownSessions(courseId, deps),
      collectionId: `urn:uuid:${crypto.randomUUID()}`,
      pageId: `urn:uuid:${crypto.randomUUID()}`,
    });
    const json = annotationsToJson(collection);
    if (backupTooLarge(json)) return TOO_LARGE;
    return { ok: true, fileName, json, reflections: [], progress: [] };
  }
  if (request.format === 'json') {
    // A whole backup holds every course in the database; a session's, this course's.
    const data = await store.exportData(request.sessionId === null ? null : courseId);
    const backup = buildBackup(data, {
      courseId,
      packVersion: deps.course.pack().version,
      sessionId: request.sessionId,
      now: at,
    });
    const json = backupToJson(backup);
    // Never hand out a file the import would refuse.
    if (backupTooLarge(json)) return TOO_LARGE;
    reply = { ok: true, fileName, json, reflections: [], progress: [] };
  } else {
    const [all, progress] = await Promise.all([
      store.courseReflections(courseId),
      store.exportData(courseId).then((d) => d.progress),
    ]);
    reply = {
      ok: true,
      fileName,
      json: '',
      reflections: all.filter((r) => r.deletedAt === null && inScope(r)),
      progress: progress.filter(inScope),
    };
  }
  // Only a backup that restores everything silences the reminder: a Markdown journal
  // cannot be imported, and one session's backup leaves the rest unsaved.
  if (request.format === 'json' && request.sessionId === null) {
    await store.setSetting('lastExportAt', at.toISOString());
    deps.broadcast({ type: 'journal:exported', courseId });
  }
  return reply;
};

/** Parse a backup file and preview (or apply) its import. */
async function importBackupFile(
  text: string,
  apply: boolean,
  deps: BackgroundDeps,
): Promise<Reply<'import:preview' | 'import:apply'>> {
  const parsed = parseBackup(text, { courseId: deps.course.pack().id });
  if (!parsed.ok)
    return {
      ok: false,
      error: {
        code: 'backup_refused',
        reason: parsed.error.code,
        path: parsed.error.path,
        detail: parsed.error.detail,
      },
    };
  const store = await deps.store();
  const plan = apply
    ? await store.applyImport(parsed.backup)
    : await store.previewImport(parsed.backup);
  if (apply)
    deps.broadcast({
      type: 'reflections:changed',
      courseId: deps.course.pack().id,
      resourceId: '*',
    });
  if (apply && plan.learnerLinks.length > 0) {
    // The learner's links restored are recognised at once, and the popup shows them.
    await deps.course.reload();
    deps.broadcast({ type: 'pack:changed' });
  }
  return { ok: true, counts: importCounts(plan) };
}

/** `import:preview`: what importing this backup file would do. */
export const importPreview: Handler<'import:preview'> = (request, _sender, deps) =>
  importBackupFile(request.text, false, deps);

/** `import:apply`: import this backup file (after the learner confirmed). */
export const importApply: Handler<'import:apply'> = (request, _sender, deps) =>
  importBackupFile(request.text, true, deps);

/** `reflections:adopt`: move every reflection of other courses into the current one. */
export const reflectionsAdopt: Handler<'reflections:adopt'> = async (_request, _sender, deps) => {
  const courseId = deps.course.pack().id;
  const moved = await (await deps.store()).adoptReflections(courseId);
  deps.broadcast({ type: 'reflections:changed', courseId, resourceId: '*' });
  return { ok: true, moved };
};
