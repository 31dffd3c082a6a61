/**
 * How the one reflection editor (`ReflectionEditor.tsx`, `ReflectionList.tsx`) reaches the
 * background, wherever it is shown: the overlay frame speaks with its tab's token, the popup's
 * writer names the tab whose address is the reading. The editor builds what is written; the
 * transport only says for which place, and whether the page itself can be read.
 */
import type { DraftRequest, Reply, Request } from '../utils/protocol/messages';

type Fields<T extends Request['type'], Place extends string> = Omit<
  Extract<Request, { type: T }>,
  'type' | Place
>;

/** A reflection to save (new, or an edit of `id`), whoever saves it. */
export type SaveFields = Fields<'reflection:save', 'token'>;
/** A draft to keep, whoever keeps it. */
export type DraftFields = Fields<'draft:save', 'token'>;

/** The requests of one editor, for its place. */
export interface WritingTransport {
  /** The request that keeps this draft (posted on the `draft` port). */
  draftSave(fields: DraftFields): DraftRequest;
  /** The request that drops this editor's draft (posted on the `draft` port). */
  draftClear(owner: string): DraftRequest;
  save(fields: SaveFields): Promise<Reply<'reflection:save'>>;
  remove(id: string, restore: boolean): Promise<Reply<'reflection:delete'>>;
  /**
   * Read the page: its selection (a quote) or its playing media's time. Absent where the page
   * cannot be read (the popup, beside a PDF): the editor then offers neither.
   */
  capture?: (what: 'selection' | 'media') => Promise<Reply<'page:capture'>>;
}
