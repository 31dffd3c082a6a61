import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePack, type Pack } from '../../../../content/pack-schema';
import type { Progress, Reflection } from '../../../../utils/protocol/records';
import {
  exportMarkdown,
  formatMediaTime,
  markdownLine,
  markdownParagraphs,
  type MarkdownExportInput,
} from '../../../../utils/journal/markdown';
import { t } from '../../../../utils/i18n';
import { setTestLanguage } from '../../i18n-catalogs';

// Reviewed by hand as a learner would read them; regenerate only after reading the diff.
const expected = (name: string) =>
  readFileSync(join(process.cwd(), 'tests/fixtures/expected', name), 'utf8');

/** Session 6, cut down to three resources, with a French title to show the pack's own l10n. */
function fixturePack(): Pack {
  const parsed = parsePack({
    format: 1,
    id: 'seize-fse',
    version: 'test',
    lang: 'en',
    course: {
      title: 'Fundamentals of the Solidarity Economy',
      organisation: 'SEIZE (Solidarity Economy Incubation)',
      url: 'https://www.solidarityeconomy.ca/curriculum/',
      contact: { name: 'Hannah Ostiguy Hopp', email: 'programs@solidarityeconomy.ca' },
      l10n: { fr: { title: 'Fondements de l’économie solidaire' } },
    },
    sessions: [
      {
        id: 'session-6',
        number: 6,
        heading: 'Session 6 Resources',
        title: 'Building Power for Solidarity',
        l10n: { fr: { title: 'Bâtir le pouvoir pour la solidarité' } },
        intro: 'If we want the solidarity economy to stick, we’re going to need to scale up!',
        pageUrl: 'https://www.solidarityeconomy.ca/curriculum/session-6',
        outcomes: [
          {
            id: 'o1',
            text: 'A roadmap for how to build power for the social solidarity economy from within existing political structures (i.e., the State)',
          },
          {
            id: 'o2',
            text: 'Keys for successful movement building, through political campaigning and/or collective action',
          },
        ],
        resources: [
          {
            id: 'civil-power-partner-state',
            kind: 'read',
            title: 'Civil Power & Partner State',
            summary: 'A reflection on the relationship the social economy needs from the State.',
            link: 'https://www.grocer.coop/articles/civil-power-and-partner-state',
          },
          {
            id: 'levels-of-government',
            kind: 'watch',
            title: 'Levels of Government',
            summary: 'There are three levels of government in Canada.',
            link: null,
          },
          {
            id: 'half-past-capitalism',
            kind: 'listen',
            title: 'Half Past Capitalism',
            summary: 'A podcast about the solidarity economy.',
            link: 'https://podcasters.spotify.com/pod/show/halfpastcapitalism',
          },
        ],
      },
    ],
  });
  if (!parsed.ok) throw new Error(`${parsed.error.path}: ${parsed.error.message}`);
  return parsed.pack;
}

const reflection = (over: Partial<Reflection>): Reflection => ({
  id: 'r',
  courseId: 'seize-fse',
  sessionId: 'session-6',
  resourceId: 'civil-power-partner-state',
  text: '',
  quote: null,
  mediaTime: null,
  outcomeIds: [],
  pageUrl: 'https://www.grocer.coop/articles/civil-power-and-partner-state',
  pageTitle: 'Civil Power & Partner State',
  createdAt: '2026-11-20T15:00:00.000Z',
  updatedAt: '2026-11-20T15:00:00.000Z',
  deletedAt: null,
  ...over,
});

/** One of everything the journal shows, and a few things it must leave out. */
const reflections: Reflection[] = [
  reflection({
    id: 'r-quote',
    text: 'This is what our food co-op ran into with the city.\nWe only won the lease once the councillor was on side.\n\nNext: ask the council about its procurement rules.',
    quote: {
      exact: 'The social economy needs a partner state\nthat shares power with civil society.',
      prefix: '',
      suffix: '',
      position: null,
      source: '',
    },
    outcomeIds: ['o1'],
    createdAt: '2026-11-20T15:00:00.000Z',
    updatedAt: '2026-11-21T09:30:00.000Z',
  }),
  reflection({
    id: 'r-hazards',
    text: "# not a heading\n> not a quote either\n<script>alert('hi')</script> & AT&amp;T\n---\n```\n- a dash shows as written\n- second point",
    createdAt: '2026-11-18T12:00:00.000Z',
    updatedAt: '2026-11-18T12:00:00.000Z',
  }),
  reflection({
    id: 'r-podcast',
    resourceId: 'half-past-capitalism',
    text: 'Free riding is everywhere once you look for it.',
    quote: {
      exact: 'nobody builds a commons alone',
      prefix: '',
      suffix: '',
      position: null,
      source: '',
    },
    mediaTime: 754,
    outcomeIds: ['o1', 'o9'],
    pageUrl: 'https://podcasters.spotify.com/pod/show/halfpastcapitalism',
    pageTitle: 'Half Past Capitalism',
    createdAt: '2026-11-22T20:15:00.000Z',
    updatedAt: '2026-11-22T20:15:00.000Z',
  }),
  reflection({
    id: 'r-deleted',
    resourceId: 'levels-of-government',
    text: 'DELETED: must not appear',
    outcomeIds: ['o2'],
    deletedAt: '2026-11-23T00:00:00.000Z',
  }),
  reflection({
    id: 'r-other-course',
    courseId: 'another-course',
    text: 'OTHER COURSE: must not appear',
  }),
  reflection({
    id: 'r-orphan',
    resourceId: 'preston-model',
    text: 'Anchor institutions keep money in the town.',
    pageUrl: 'https://cles.example/the-preston-model/',
    pageTitle: 'The Preston Model — CLES',
    createdAt: '2026-11-19T08:00:00.000Z',
    updatedAt: '2026-11-19T08:00:00.000Z',
  }),
];

const progress: Progress[] = [
  {
    key: 'seize-fse/civil-power-partner-state',
    courseId: 'seize-fse',
    sessionId: 'session-6',
    resourceId: 'civil-power-partner-state',
    firstOpenedAt: '2026-11-18T11:00:00.000Z',
    lastOpenedAt: '2026-11-21T09:00:00.000Z',
    doneAt: '2026-11-21T09:45:00.000Z',
  },
];

const input = (over: Partial<MarkdownExportInput> = {}): MarkdownExportInput => ({
  pack: fixturePack(),
  sessionIds: ['session-6'],
  reflections,
  progress,
  t,
  lang: 'en',
  timeZone: 'UTC',
  exportedAt: new Date('2026-11-28T14:05:00.000Z'),
  ...over,
});

describe('exportMarkdown', () => {
  it('writes the reviewed English journal', () => {
    expect(exportMarkdown(input())).toBe(expected('journal.en.md'));
  });

  it('writes the reviewed French journal, with French dates and the pack’s French titles', () => {
    setTestLanguage('fr');
    expect(exportMarkdown(input({ lang: 'fr-CA' }))).toBe(expected('journal.fr.md'));
  });

  it('leaves out deleted reflections and other courses’ reflections', () => {
    const md = exportMarkdown(input());
    expect(md).not.toContain('DELETED');
    expect(md).not.toContain('OTHER COURSE');
  });

  it('says so when every outcome has a reflection', () => {
    const all = [...reflections, reflection({ id: 'r-o2', outcomeIds: ['o2'], text: 'x' })];
    expect(exportMarkdown(input({ reflections: all }))).toMatch(
      /## Outcomes with no reflection yet\n\n_Every outcome has at least one reflection._\n$/,
    );
  });

  it('writes only the outcomes and resources of the sessions asked for', () => {
    const md = exportMarkdown(input({ sessionIds: [] }));
    expect(md).not.toContain('## Session 6');
    expect(md).not.toContain('Free riding');
  });

  it('lists the sessions in course order (by number), not in the order the pack lists them', () => {
    const pack = fixturePack();
    const six = pack.sessions[0]!;
    // A fictional session 5, listed after session 6 (as a session learned later would be).
    const five = {
      ...six,
      id: 'session-5',
      number: 5,
      title: 'Fictional session five',
      l10n: undefined,
      resources: six.resources.map((r) => ({ ...r, id: `${r.id}-5`, title: `${r.title} (5)` })),
    };
    pack.sessions.push(five);
    const md = exportMarkdown(input({ pack, sessionIds: ['session-6', 'session-5'] }));
    const headings = md.split('\n').filter((l) => l.startsWith('## Session'));
    expect(headings).toEqual([
      '## Session 5: Fictional session five',
      '## Session 6: Building Power for Solidarity',
    ]);
  });
});

describe('formatMediaTime', () => {
  it.each([
    [0, '0:00'],
    [5, '0:05'],
    [59.9, '0:59'],
    [60, '1:00'],
    [754, '12:34'],
    [3599, '59:59'],
    [3600, '1:00:00'],
    [3723, '1:02:03'],
    [36000 + 61, '10:01:01'],
    [-3, '0:00'],
    [Number.NaN, '0:00'],
    [Number.POSITIVE_INFINITY, '0:00'],
  ])('%s s → %s', (seconds, text) => {
    expect(formatMediaTime(seconds)).toBe(text);
  });
});

describe('learner text in Markdown', () => {
  it.each([
    ['# heading', '\\# heading'],
    // Leading spaces would make an indented code block; Markdown does not show them anyway.
    ['   ## indented heading', '\\## indented heading'],
    ['> quote', '\\> quote'],
    ['```js', '\\`\\`\\`js'],
    ['~~~', '\\~\\~\\~'],
    ['---', '\\---'],
    ['- - -', '\\- - -'],
    ['***', '\\*\\*\\*'],
    ['___', '\\_\\_\\_'],
    ['===', '\\==='],
    ['-', '\\-'],
    ['[note]: remember this', '\\[note\\]: remember this'],
    ['<div>hi</div>', '\\<div>hi\\</div>'],
    ['<!-- hidden -->', '\\<!-- hidden -->'],
    ['AT&amp;T and &#169;', 'AT\\&amp;T and \\&#169;'],
    // An escape the learner wrote cannot cancel the journal's own (issue 11, finding 3).
    ['\\<img src=x onerror=alert(1)>', '\\\\\\<img src=x onerror=alert(1)>'],
    ['![x](http://t/) and [a](b)', '!\\[x\\](http://t/) and \\[a\\](b)'],
    ['- a list item', '\\- a list item'],
    ['1. first', '1\\. first'],
    ['**bold** and _italic_', '\\*\\*bold\\*\\* and \\_italic\\_'],
    ['a | b', 'a \\| b'],
    // Left alone: ordinary prose reads the same.
    ['a < b & c > d', 'a < b & c > d'],
    ['C# is a #hashtag', 'C# is a #hashtag'],
    ['-5 degrees, (i.e., cold): yes!', '-5 degrees, (i.e., cold): yes!'],
    ['2026 was a year.', '2026 was a year.'],
  ])('%j → %j', (text, md) => {
    expect(markdownParagraphs(text)).toEqual([md]);
  });

  it('keeps line breaks as hard breaks and blank lines as paragraphs', () => {
    expect(markdownParagraphs('one\r\ntwo  \n\n\n\nthree\n')).toEqual([
      'one  ',
      'two',
      '',
      'three',
    ]);
    expect(markdownParagraphs('\n  \n')).toEqual([]);
  });

  it('makes one line of a multi-line text for headings and lists', () => {
    expect(markdownLine('  # two\nlines  ')).toBe('\\# two lines');
  });
});
