/**
 * Schemas of the course requests (the course pack, read by learners' pages and changed by the
 * facilitator, and what the course's own pages report), spread into `RequestSchema`
 * (`request-schema.ts`). Kept in their own module so the course's protocol grows without
 * touching the journal's. Imported by the background alone (it bundles the schema library).
 */
import * as v from 'valibot';
import { LinkSchema, RESOURCE_KINDS } from '../../content/pack-schema';
import { HOST_PATTERN, HOSTS_MAX } from './limits';
import { boundedText as text, CONTENT_ID as ID, ISO_TIME as ISO, LINK_TEXT } from './schema-atoms';

const URL_TEXT = LINK_TEXT;
const STATUS = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(999)));

/** A session as `parseCoursePage` reads it from the course's page (content/session-diff.ts). */
export const ParsedSessionSchema = v.strictObject({
  number: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(999)),
  heading: text(300),
  title: text(300),
  intro: text(5000),
  outcomes: v.pipe(v.array(text(1000)), v.maxLength(100)),
  resources: v.pipe(
    v.array(
      v.strictObject({
        kind: v.picklist(RESOURCE_KINDS),
        title: text(300),
        summary: text(2000),
        link: v.nullable(LinkSchema),
      }),
    ),
    v.maxLength(200),
  ),
});

/** One link check's result; its type is `LinkResult` (`records.ts`). */
export const LinkResultSchema = v.strictObject({
  resourceId: ID,
  url: v.nullable(URL_TEXT),
  status: v.picklist([
    'works',
    'redirected',
    'moved',
    'not_found',
    'refused',
    'server_error',
    'redirect_loop',
    'timed_out',
    'unreachable',
    'missing',
    'cancelled',
  ]),
  finalUrl: v.nullable(URL_TEXT),
  chain: v.pipe(v.array(v.strictObject({ url: URL_TEXT, status: STATUS })), v.maxLength(40)),
  httpStatus: STATUS,
  ms: v.nullable(v.pipe(v.number(), v.minValue(0))),
  checkedAt: ISO,
  detail: v.optional(
    v.picklist([
      'invalid_url',
      'network_error',
      'redirect_loop',
      'too_many_redirects',
      'redirect_failed',
      'private_host',
      'bad_redirect',
      'unexpected_status',
    ]),
  ),
});

/** The course requests, spread into `RequestSchema`. */
export const COURSE_REQUESTS = [
  /**
   * Facilitator page, or the popup's Markdown export → background: the whole current pack,
   * learned links applied.
   */
  v.strictObject({ type: v.literal('pack:current') }),
  /**
   * Popup → background: what it shows of the current pack: the session `sessionId`, else the
   * current one (the background has every session's dates), in full; the others summarised.
   */
  v.strictObject({ type: v.literal('pack:view'), sessionId: v.optional(ID) }),
  /** Extension page → background: stored link checks and page differences of the course. */
  v.strictObject({ type: v.literal('facilitator:state') }),
  /** Facilitator page → background: keep these check results (a cancelled one is dropped). */
  v.strictObject({
    type: v.literal('checks:save'),
    results: v.pipe(v.array(LinkResultSchema), v.maxLength(10_000)),
  }),
  /** Facilitator page → background: make this pack current (validated with parsePack). */
  v.strictObject({
    type: v.literal('pack:import'),
    pack: v.unknown(),
    /** The facilitator confirmed a pack of another course while reflections exist. */
    confirmOtherCourse: v.optional(v.boolean()),
  }),
  /** Facilitator page → background: go back to the bundled pack. */
  v.strictObject({ type: v.literal('pack:reset') }),
  /** Facilitator page → background: show this session by default. */
  v.strictObject({ type: v.literal('pack:session'), sessionId: ID }),
  /** Course-page content script → background: what the session page of this tab says. */
  v.strictObject({ type: v.literal('course:page'), session: ParsedSessionSchema }),
  /** Facilitator page → background: take a session page's differences into the pack, or drop them. */
  v.strictObject({ type: v.literal('diff:resolve'), sessionId: ID, accept: v.boolean() }),
  /**
   * Facilitator page → background: add a session learned from the course's pages to the pack
   * (`accept`), or ignore it until its page changes.
   */
  v.strictObject({ type: v.literal('learned:resolve'), sessionId: ID, accept: v.boolean() }),
  /**
   * Popup or facilitator page → background: where the companion shows beyond the build's
   * hosts, and which hosts of the readings of session `sessionId` (else of the whole pack)
   * it does not reach yet.
   */
  v.strictObject({ type: v.literal('hosts:state'), sessionId: v.optional(ID) }),
  /**
   * Popup or facilitator page → background: the browser just granted these hosts at the
   * learner's click (`permissions.request`): show the companion there.
   */
  v.strictObject({
    type: v.literal('hosts:enable'),
    origins: v.pipe(
      v.array(v.pipe(v.string(), v.regex(HOST_PATTERN, 'not one https host'))),
      v.minLength(1),
      v.maxLength(HOSTS_MAX),
    ),
  }),
] as const;
