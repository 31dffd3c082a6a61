/**
 * The one table of the background's requests: for each request type, which senders may send
 * it and which handler answers it. The router (`router.ts`) consults it before any handler
 * runs; TypeScript refuses a request type without both.
 *
 * - a content script, from a tab's top frame, reports its own page (`page:seen`,
 *   `course:page`) and the shortcut pressed in it (`overlay:toggle`);
 * - the quote script a tab runs where its reading has quotes asks for them, says which it found
 *   and which highlight the learner clicked (`quotes:list`, `quotes:found`, `quotes:open`), with
 *   the tab's token (`handlers/quotes.ts`);
 * - the overlay frame of a tab gets only the requests of its own reading, each checked against
 *   its tab's token (`handlers/overlay.ts`);
 * - the toolbar popup alone reads, exports and imports the learner's journal, reads what it
 *   shows of the pack (`pack:view`; the whole pack only for a Markdown export), and links the
 *   page of its active tab to a resource (`link:set`, `link:remove`); where no overlay can be,
 *   it writes on the reading the active tab's address is (`writer:*`, `handlers/writer.ts`);
 * - the facilitator page (`options.html`) alone changes the course;
 * - the popup and the facilitator page both pass on the learner's consent to a host
 *   (`hosts:enable`), which the browser granted at their click;
 * - the popup and the facilitator page alone set sync up, run it and turn it off (`sync:*`):
 *   credentials go in, and only a status without them comes out (`handlers/sync.ts`).
 */
import * as course from './handlers/course';
import { coursePage } from './handlers/course-page';
import * as hosts from './handlers/hosts';
import * as journal from './handlers/journal';
import * as links from './handlers/links';
import * as overlay from './handlers/overlay';
import * as quotes from './handlers/quotes';
import * as sync from './handlers/sync';
import * as tabs from './handlers/tabs';
import * as writer from './handlers/writer';
import type { RouteTable } from './deps';

/** Which senders may send each request, and its handler. */
export const ROUTES: RouteTable = {
  'page:seen': { senders: ['content-script'], handle: tabs.pageSeen },
  'overlay:toggle': { senders: ['content-script'], handle: tabs.overlayToggle },
  'course:page': { senders: ['content-script'], handle: coursePage },
  'tab:reading': { senders: ['popup'], handle: tabs.tabReading },
  'session:state': { senders: ['popup'], handle: journal.sessionState },
  'journal:status': { senders: ['popup'], handle: journal.journalStatus },
  'reflections:search': { senders: ['popup'], handle: journal.reflectionsSearch },
  'export:prepare': { senders: ['popup'], handle: journal.exportPrepare, syncs: true },
  'import:preview': { senders: ['popup'], handle: journal.importPreview },
  'import:apply': { senders: ['popup'], handle: journal.importApply, syncs: true },
  'reflections:adopt': {
    senders: ['popup', 'options'],
    handle: journal.reflectionsAdopt,
    syncs: true,
  },
  'overlay:init': { senders: ['overlay'], handle: overlay.overlayInit },
  'overlay:layout': { senders: ['overlay'], handle: overlay.overlayLayout, syncs: true },
  'progress:done': { senders: ['overlay'], handle: overlay.progressDone, syncs: true },
  'reflection:save': { senders: ['overlay'], handle: overlay.reflectionSave, syncs: true },
  'reflection:delete': { senders: ['overlay'], handle: overlay.reflectionDelete, syncs: true },
  'draft:save': { senders: ['overlay'], handle: overlay.draftSave },
  'draft:clear': { senders: ['overlay'], handle: overlay.draftClear },
  'page:capture': { senders: ['overlay'], handle: overlay.pageCapture },
  'quotes:list': { senders: ['content-script'], handle: quotes.quotesList },
  'quotes:found': { senders: ['content-script'], handle: quotes.quotesFound },
  'quotes:open': { senders: ['content-script'], handle: quotes.quotesOpen },
  'quotes:state': { senders: ['overlay'], handle: quotes.quotesState },
  'quotes:reveal': { senders: ['overlay'], handle: quotes.quotesReveal },
  'quotes:show': { senders: ['overlay'], handle: quotes.quotesShow, syncs: true },
  'writer:init': { senders: ['popup'], handle: writer.writerInit },
  'writer:save': { senders: ['popup'], handle: writer.writerSave, syncs: true },
  'writer:delete': { senders: ['popup'], handle: writer.writerDelete, syncs: true },
  'writer:draft:save': { senders: ['popup'], handle: writer.writerDraftSave },
  'writer:draft:clear': { senders: ['popup'], handle: writer.writerDraftClear },
  'pack:current': { senders: ['popup', 'options'], handle: course.packCurrent },
  'pack:view': { senders: ['popup'], handle: course.packViewRequest },
  'facilitator:state': { senders: ['popup', 'options'], handle: course.facilitatorState },
  'checks:save': { senders: ['options'], handle: course.checksSave },
  'pack:import': { senders: ['options'], handle: course.packImport },
  'pack:reset': { senders: ['options'], handle: course.packReset },
  'pack:session': { senders: ['options'], handle: course.packSession },
  'diff:resolve': { senders: ['options'], handle: course.diffResolve },
  'learned:resolve': { senders: ['options'], handle: course.learnedResolve },
  'hosts:state': { senders: ['popup', 'options'], handle: hosts.hostsState },
  'hosts:enable': { senders: ['popup', 'options'], handle: hosts.hostsEnable },
  'link:set': { senders: ['popup'], handle: links.linkSet, syncs: true },
  'link:remove': { senders: ['popup'], handle: links.linkRemove, syncs: true },
  'sync:state': { senders: ['popup', 'options'], handle: sync.syncState },
  'sync:configure': { senders: ['popup', 'options'], handle: sync.syncConfigure },
  'sync:test': { senders: ['popup', 'options'], handle: sync.syncTest },
  'sync:now': { senders: ['popup', 'options'], handle: sync.syncNow },
  'sync:disable': { senders: ['popup', 'options'], handle: sync.syncDisable },
};
