import { useRef, useState } from 'preact/hooks';
import { localized, PACK_LIMITS, type Pack } from '../../content/pack-schema';
import { t, tn, uiLanguage } from '../../utils/i18n';
import type { PackImportQuestion } from '../../utils/protocol/course-messages';
import { send } from '../../utils/send';
import { download } from '../../components/download';
import { errorText } from '../../components/status-text';
import type { Notice } from './notice';

/**
 * Import, export, current session and reset of the course pack. The export is the
 * facilitator's pack: sessions learned from the course's pages go into it once added to the
 * pack (the learned sessions list), not before.
 */
export function PackTools({
  pack,
  source,
  learnedSessions = [],
  onNotice,
}: {
  pack: Pack;
  source: 'bundled' | 'imported';
  /** Ids of the sessions learned from the course's pages, left out of the export. */
  learnedSessions?: string[];
  onNotice: (notice: Notice) => void;
}) {
  const lang = uiLanguage();
  const reply = (r: Awaited<ReturnType<typeof send<'pack:reset'>>>, ok: string) =>
    onNotice(r.ok ? { kind: 'status', text: ok } : { kind: 'error', text: errorText(t, r.error) });
  // A pack of another course waits here until the facilitator says yes (see sendPack).
  const [question, setQuestion] = useState<{
    data: unknown;
    confirm: PackImportQuestion['confirm'];
  } | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    setQuestion(null);
    if (!file) return;
    // Refused before it is read: a huge pack is costly everywhere it goes.
    if (file.size > PACK_LIMITS.fileBytes) {
      onNotice({
        kind: 'error',
        text: t('packImportError', t('packTooLarge', Math.round(PACK_LIMITS.fileBytes / 1024))),
      });
      input.value = '';
      return;
    }
    let data: unknown;
    try {
      data = JSON.parse(await file.text());
    } catch {
      onNotice({ kind: 'error', text: t('packImportError', t('packNotJson')) });
      input.value = '';
      return;
    }
    input.value = '';
    await sendPack(data, false);
  };

  const sendPack = async (data: unknown, confirmOtherCourse: boolean) => {
    const r = await send({
      type: 'pack:import',
      pack: data,
      ...(confirmOtherCourse && { confirmOtherCourse }),
    });
    if (r.ok && 'confirm' in r) {
      // Another course, while the current one has reflections: nothing changed yet; ask.
      setQuestion({ data, confirm: r.confirm });
      requestAnimationFrame(() => confirmButton.current?.focus());
      return;
    }
    setQuestion(null);
    if (r.ok)
      onNotice({
        kind: 'status',
        text: t('packImported', [localized(r.pack.course, 'title', lang), r.pack.version]),
      });
    else
      onNotice({
        kind: 'error',
        // The path of the bad field is what a facilitator needs to fix the file.
        text: t(
          'packImportError',
          r.error.code === 'invalid_pack' ? (r.error.detail ?? '') : errorText(t, r.error),
        ),
      });
  };

  const exportPack = () => {
    const learned = new Set(learnedSessions);
    const kept: Pack = { ...pack, sessions: pack.sessions.filter((s) => !learned.has(s.id)) };
    // A pack may only name a session it has as current.
    if (!kept.sessions.some((s) => s.id === kept.currentSession)) delete kept.currentSession;
    download(
      `${pack.id}-${pack.version}.json`,
      `${JSON.stringify(kept, null, 2)}\n`,
      'application/json',
    );
  };

  return (
    <section aria-labelledby="pack-heading">
      <h2 id="pack-heading">{t('packHeading')}</h2>
      <div class="row">
        <label>
          {t('packSessionLabel')}{' '}
          <select
            value={pack.currentSession ?? pack.sessions[0]?.id}
            onChange={(e) => {
              const sessionId = (e.target as HTMLSelectElement).value;
              const n = pack.sessions.find((s) => s.id === sessionId)?.number ?? '';
              void send({ type: 'pack:session', sessionId }).then((r) => {
                reply(r, t('packSessionSaved', n));
              });
            }}
          >
            {pack.sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {t('sessionLabel', s.number)} · {localized(s, 'title', lang)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="row">
        <label>
          {t('packImportLabel')}{' '}
          <input
            type="file"
            accept="application/json,.json"
            data-testid="pack-file"
            onChange={(e) => void importFile(e.target as HTMLInputElement)}
          />
        </label>
      </div>
      {question && (
        <div
          class="confirm"
          role="group"
          aria-labelledby="pack-question"
          data-testid="pack-other-course"
        >
          <p id="pack-question">
            <strong>
              {t('packOtherCourseQuestion', [
                question.confirm.toCourse,
                question.confirm.fromCourse,
              ])}
            </strong>{' '}
            {tn('packOtherCourseCount', question.confirm.reflections)} {t('packOtherCourseSafe')}
          </p>
          <div class="row">
            <button
              type="button"
              ref={confirmButton}
              onClick={() => void sendPack(question.data, true)}
            >
              {t('packOtherCourseConfirm')}
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setQuestion(null);
              }}
            >
              {t('packOtherCourseCancel')}
            </button>
          </div>
        </div>
      )}
      <div class="row">
        <button type="button" class="secondary" onClick={exportPack}>
          {t('packExport')}
        </button>
        {source === 'imported' && (
          <button
            type="button"
            class="secondary"
            onClick={() => {
              void send({ type: 'pack:reset' }).then((r) => {
                reply(r, t('packResetDone'));
              });
            }}
          >
            {t('packReset')}
          </button>
        )}
      </div>
    </section>
  );
}
