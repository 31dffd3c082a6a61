/**
 * The journal as replication documents: which records sync, the document each one becomes,
 * and the check every document from the server passes before anything reads it. Pure.
 *
 * One record, one document, so that two devices editing different reflections never touch
 * the same document. A document's `_id` says what it holds: `r:<reflection id>`,
 * `p:<progress key>`, `l:<course>/<resource>` (the learner's link), `s:<setting>`.
 * Its body is `{ kind, record }`, where `record` is the database's record field for field,
 * so a document is checked with the very schemas a backup file is (backup-format.ts).
 * Drafts and the course pack never sync.
 */
import * as v from 'valibot';
import {
  LearnerLinkSchema,
  ProgressSchema,
  ReflectionSchema,
  SettingsSchema,
  isPlainObject,
} from '../../../utils/journal/backup-format';
import { linkKey } from '../../../utils/journal/backup-build';
import type { BackupData } from '../../../utils/journal/backup-build';
import type {
  LearnerLinkRecord,
  Progress,
  Reflection,
  Settings,
} from '../../../utils/protocol/records';

/** What a document holds. */
export type SyncKind = 'reflection' | 'progress' | 'link' | 'setting';

/** One synced setting: a key of {@link Settings} and its value. */
export interface SettingRecord {
  key: keyof Settings;
  value: Settings[keyof Settings];
}

/** A document's body, as this build writes it and accepts it from a server. */
export type SyncBody =
  | { kind: 'reflection'; record: Reflection }
  | { kind: 'progress'; record: Progress }
  | { kind: 'link'; record: LearnerLinkRecord }
  | { kind: 'setting'; record: SettingRecord };

/** A body with the id it is stored under. */
export type SyncDoc = SyncBody & { _id: string };

/**
 * The largest document accepted from a server, in UTF-16 units of its JSON (a reflection at
 * every limit of its fields is under half of this). Bigger ones are never stored.
 */
export const MAX_DOC_CHARS = 512 * 1024;

const PREFIX: Record<SyncKind, string> = {
  reflection: 'r:',
  progress: 'p:',
  link: 'l:',
  setting: 's:',
};

/** The document id of a body's record. */
export function docId(body: SyncBody): string {
  switch (body.kind) {
    case 'reflection':
      return `${PREFIX.reflection}${body.record.id}`;
    case 'progress':
      return `${PREFIX.progress}${body.record.key}`;
    case 'link':
      return `${PREFIX.link}${linkKey(body.record)}`;
    case 'setting':
      return `${PREFIX.setting}${body.record.key}`;
  }
}

/**
 * Every record that syncs, as documents by id: reflections (deleted ones too, as tombstones,
 * until `purgeBefore`: a tombstone older than that is purged here and on every device, so it
 * no longer syncs), progress, the learner's links and the settings. Not drafts.
 */
export function journalDocs(data: BackupData, purgeBefore: string): Map<string, SyncDoc> {
  const bodies: SyncBody[] = [
    ...data.reflections
      .filter((r) => r.deletedAt === null || r.deletedAt >= purgeBefore)
      .map((record) => ({ kind: 'reflection' as const, record })),
    ...data.progress.map((record) => ({ kind: 'progress' as const, record })),
    ...(data.learnerLinks ?? []).map((record) => ({ kind: 'link' as const, record })),
    ...settingRecords(data.settings).map((record) => ({ kind: 'setting' as const, record })),
  ];
  return new Map(bodies.map((b) => [docId(b), { ...b, _id: docId(b) }]));
}

function settingRecords(settings: Partial<Settings>): SettingRecord[] {
  const out: SettingRecord[] = [];
  if (settings.overlay !== undefined) out.push({ key: 'overlay', value: settings.overlay });
  if (settings.showQuotes !== undefined)
    out.push({ key: 'showQuotes', value: settings.showQuotes });
  if (settings.lastExportAt !== undefined)
    out.push({ key: 'lastExportAt', value: settings.lastExportAt });
  return out;
}

// The CouchDB fields a replicated document may carry besides its body.
const META = {
  _id: v.string(),
  _rev: v.optional(v.string()),
  _revisions: v.optional(v.unknown()),
  _conflicts: v.optional(v.array(v.string())),
};

const SettingSchema = v.pipe(
  v.strictObject({
    key: v.picklist(['overlay', 'showQuotes', 'lastExportAt']),
    value: v.unknown(),
  }),
  v.check(
    (s) => v.is(SettingsSchema, { [s.key]: s.value }) && s.value !== undefined,
    'not a valid setting',
  ),
);

const BodySchema = v.variant('kind', [
  v.strictObject({ ...META, kind: v.literal('reflection'), record: ReflectionSchema }),
  v.strictObject({ ...META, kind: v.literal('progress'), record: ProgressSchema }),
  v.strictObject({ ...META, kind: v.literal('link'), record: LearnerLinkSchema }),
  v.strictObject({ ...META, kind: v.literal('setting'), record: SettingSchema }),
]);

/** Why a server's document was refused (for counts and developers, never shown raw). */
export type DocRefusal = 'too_large' | 'not_object' | 'invalid' | 'wrong_id';

/** The outcome of {@link readDoc}. */
export type DocResult = { ok: true; doc: SyncDoc } | { ok: false; why: DocRefusal };

/**
 * Check a document from the server: a hostile server may send anything. Its size, then every
 * field with the backup's schemas (texts stay texts: HTML in a reflection is the learner's
 * words, shown as text), then that its id is the one its record would have, so one record
 * cannot hide under another's document. Returns the body without CouchDB's fields.
 */
export function readDoc(raw: unknown): DocResult {
  if (!isPlainObject(raw)) return { ok: false, why: 'not_object' };
  if (jsonLengthOver(raw, MAX_DOC_CHARS)) return { ok: false, why: 'too_large' };
  const parsed = v.safeParse(BodySchema, raw);
  if (!parsed.success) return { ok: false, why: 'invalid' };
  const { kind, record } = parsed.output;
  const body = { kind, record } as SyncBody;
  if (docId(body) !== parsed.output._id) return { ok: false, why: 'wrong_id' };
  return { ok: true, doc: { ...body, _id: parsed.output._id } };
}

/**
 * Whether a document from the server may be stored in the replica at all: a deletion (how a
 * purged tombstone leaves the server), or a document {@link readDoc} accepts. Used as the
 * pull's filter, so what a hostile server sends beyond that never reaches the disk.
 */
export function acceptableDoc(raw: unknown): boolean {
  if (isPlainObject(raw) && raw._deleted === true)
    return typeof raw._id === 'string' && raw._id.length <= 512;
  return readDoc(raw).ok;
}

/** True when `x`'s JSON is longer than `max` characters (stops counting past it). */
function jsonLengthOver(x: unknown, max: number): boolean {
  try {
    return JSON.stringify(x).length > max;
  } catch {
    return true; // a cycle or a BigInt: not JSON from a server
  }
}

/** The records of a set of bodies, grouped as a backup's lists. */
export function recordsOf(bodies: readonly SyncBody[]): {
  reflections: Reflection[];
  progress: Progress[];
  learnerLinks: LearnerLinkRecord[];
  settings: Partial<Settings>;
} {
  const out = {
    reflections: [] as Reflection[],
    progress: [] as Progress[],
    learnerLinks: [] as LearnerLinkRecord[],
    settings: {} as Partial<Settings>,
  };
  for (const b of bodies) {
    if (b.kind === 'reflection') out.reflections.push(b.record);
    else if (b.kind === 'progress') out.progress.push(b.record);
    else if (b.kind === 'link') out.learnerLinks.push(b.record);
    else Object.assign(out.settings, { [b.record.key]: b.record.value });
  }
  return out;
}
