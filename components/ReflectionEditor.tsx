import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { localized, type Resource, type Session } from '../content/pack-schema';
import type { Draft, Quote, Reflection } from '../utils/db';
import { formatMediaTime, t, tn } from '../utils/i18n';
import { send } from '../utils/messages';
import { errorText, overlayToken, type Status } from './use-overlay';

/** How long typing must pause before the draft is saved. */
const DRAFT_DELAY_MS = 400;

/** What the editor holds. */
interface Writing {
  text: string;
  quote: Quote | null;
  mediaTime: number | null;
  outcomeIds: string[];
  editingId: string | null;
  baseUpdatedAt: string | null;
}

const EMPTY: Writing = {
  text: '',
  quote: null,
  mediaTime: null,
  outcomeIds: [],
  editingId: null,
  baseUpdatedAt: null,
};

/** Words in a text, as the learner's language splits them. */
export function countWords(text: string, lang: string): number {
  const segmenter = new Intl.Segmenter(lang, { granularity: 'word' });
  let n = 0;
  for (const s of segmenter.segment(text)) if (s.isWordLike) n++;
  return n;
}

/** Props of {@link ReflectionEditor}. */
export interface ReflectionEditorProps {
  session: Session;
  resource: Resource;
  /** The draft left from an earlier visit, restored into the editor. */
  draft: Draft | null;
  /** A reflection the learner chose to edit (from the list), or null. */
  editing: Reflection | null;
  lang: string;
  onSaved: (reflections: Reflection[]) => void;
  onEditDone: () => void;
  onStatus: (status: Status) => void;
}

/**
 * The reflection editor: a text box that grows with its text and keeps a draft as the
 * learner types (and when the tab is hidden or closed), outcome tags, a quote of the page's
 * selection and, on videos and podcasts, the current media time.
 */
export function ReflectionEditor(props: ReflectionEditorProps) {
  const { session, resource, draft, editing, lang, onStatus } = props;
  const owner = useMemo(() => crypto.randomUUID(), []);
  const token = overlayToken();
  const [w, setW] = useState<Writing>(() =>
    draft
      ? {
          text: draft.text,
          quote: draft.quote,
          mediaTime: draft.mediaTime,
          outcomeIds: draft.outcomeIds,
          editingId: draft.editingId,
          baseUpdatedAt: draft.baseUpdatedAt,
        }
      : EMPTY,
  );
  const box = useRef<HTMLTextAreaElement>(null);
  const latest = useRef(w);
  latest.current = w;
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  /** Save the draft now if it changed since the last save. */
  const flush = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!dirty.current) return;
    dirty.current = false;
    const d = latest.current;
    const empty = d.text.trim() === '' && d.quote === null && d.editingId === null;
    void (
      empty
        ? send({ type: 'draft:clear', token, owner })
        : send({ type: 'draft:save', token, owner, ...d })
    ).then((reply) => {
      if (!reply.ok) {
        dirty.current = true; // try again on the next change or when the page is hidden
        onStatus({ text: `${errorText(t, reply.error)} ${t('textKept')}`, kind: 'error' });
      }
    });
  };

  const change = (next: Partial<Writing>) => {
    setW((cur) => ({ ...cur, ...next }));
    dirty.current = true;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(flush, DRAFT_DELAY_MS);
  };

  // Closing the tab or switching away saves the draft at once, so no sentence is lost.
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', flush);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', flush);
      flush();
    };
    // flush reads refs only, so registering it once is enough.
  }, []);

  // The list asked to edit a reflection: load it.
  useEffect(() => {
    if (!editing) return;
    change({
      text: editing.text,
      quote: editing.quote,
      mediaTime: editing.mediaTime,
      outcomeIds: editing.outcomeIds,
      editingId: editing.id,
      baseUpdatedAt: editing.updatedAt,
    });
    box.current?.focus();
  }, [editing]);

  // Grow with the text.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + 2}px`;
  }, [w.text]);

  const save = async () => {
    const d = latest.current;
    if (d.text.trim() === '') {
      onStatus({ text: t('emptyReflection'), kind: 'error' });
      box.current?.focus();
      return;
    }
    if (timer.current) clearTimeout(timer.current);
    const reply = await send({
      type: 'reflection:save',
      token,
      draftOwner: owner,
      text: d.text,
      quote: d.quote,
      mediaTime: d.mediaTime,
      outcomeIds: d.outcomeIds,
      ...(d.editingId !== null && { id: d.editingId }),
      ...(d.baseUpdatedAt !== null && { baseUpdatedAt: d.baseUpdatedAt }),
    });
    if (!reply.ok) {
      dirty.current = true;
      flush();
      onStatus({ text: `${errorText(t, reply.error)} ${t('textKept')}`, kind: 'error' });
      return;
    }
    dirty.current = false;
    setW(EMPTY);
    props.onSaved(reply.reflections);
    props.onEditDone();
    onStatus({ text: reply.conflict ? t('savedConflict') : t('saved'), kind: 'info' });
    box.current?.focus();
  };

  const cancelEdit = () => {
    change(EMPTY);
    props.onEditDone();
    box.current?.focus();
  };

  const quote = async () => {
    const reply = await send({ type: 'page:capture', token, what: 'selection' });
    if (!reply.ok) onStatus({ text: errorText(t, reply.error), kind: 'error' });
    else if (!reply.quote) onStatus({ text: t('quoteNone'), kind: 'error' });
    else change({ quote: reply.quote });
  };

  const insertTime = async () => {
    const reply = await send({ type: 'page:capture', token, what: 'media' });
    if (!reply.ok) {
      onStatus({ text: errorText(t, reply.error), kind: 'error' });
      return;
    }
    if (reply.mediaTime === null) {
      onStatus({ text: t('insertTimeNone'), kind: 'error' });
      return;
    }
    const stamp = `${t('atTime', formatMediaTime(reply.mediaTime))} `;
    const el = box.current;
    const text = latest.current.text;
    const at = el ? el.selectionStart : text.length;
    change({ text: text.slice(0, at) + stamp + text.slice(at), mediaTime: reply.mediaTime });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + stamp.length, at + stamp.length);
    });
  };

  const media = resource.kind === 'watch' || resource.kind === 'listen';
  const words = countWords(w.text, lang);

  return (
    <form
      class="editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label for="reflection-text">
        {w.editingId ? t('editorEditingLabel') : t('editorLabel')}
      </label>
      <textarea
        id="reflection-text"
        ref={box}
        rows={3}
        value={w.text}
        aria-describedby="reflection-hint reflection-words"
        onInput={(e) => {
          change({ text: e.currentTarget.value });
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
      />
      <p class="editor-meta muted">
        <span id="reflection-hint">{t('editorHint')}</span>{' '}
        <span id="reflection-words" data-testid="word-count">
          {tn('words', words)}
        </span>
      </p>

      {w.quote && (
        <figure class="quote">
          <figcaption>{t('quoteLabel')}</figcaption>
          <blockquote data-testid="editor-quote">{w.quote.exact}</blockquote>
          <button
            type="button"
            class="link-button"
            onClick={() => {
              change({ quote: null });
            }}
          >
            {t('quoteRemove')}
          </button>
        </figure>
      )}

      <div class="capture">
        <button type="button" onClick={() => void quote()}>
          {t('quoteSelection')}
        </button>
        {media && (
          <button type="button" onClick={() => void insertTime()}>
            {t('insertTime')}
          </button>
        )}
      </div>

      {session.outcomes.length > 0 && (
        <fieldset class="tags">
          <legend>{t('tagLegend')}</legend>
          {session.outcomes.map((o, i) => (
            <label key={o.id} class="tag">
              <input
                type="checkbox"
                checked={w.outcomeIds.includes(o.id)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  const ids = latest.current.outcomeIds.filter((id) => id !== o.id);
                  change({ outcomeIds: on ? [...ids, o.id] : ids });
                }}
              />
              <span>
                <strong>{t('outcomeNumber', i + 1)}</strong> {localized(o, 'text', lang)}
              </span>
            </label>
          ))}
        </fieldset>
      )}

      <div class="actions">
        <button type="submit" class="primary">
          {w.editingId ? t('saveEdit') : t('save')}
        </button>
        {w.editingId && (
          <button type="button" onClick={cancelEdit}>
            {t('cancelEdit')}
          </button>
        )}
      </div>
    </form>
  );
}
