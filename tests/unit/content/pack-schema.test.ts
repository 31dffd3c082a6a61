import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testPack as bundledPack } from '../../fixtures/test-pack';
import {
  localized,
  PACK_LIMITS,
  parseImportedPack,
  parsePack,
  type Pack,
} from '../../../content/pack-schema';
import raw from '../../fixtures/packs/seize-session-6.json';

const seed = readFileSync(join(process.cwd(), 'tests/fixtures/seed-session-6.txt'), 'utf8').split(
  '\n',
);
const clone = (): Pack => structuredClone(raw) as Pack;

describe('bundled SEIZE pack', () => {
  const session = bundledPack.sessions.find((s) => s.id === 'session-6')!;

  it('is valid and names Session 6 as current', () => {
    expect(parsePack(raw).ok).toBe(true);
    expect(bundledPack.currentSession).toBe('session-6');
  });

  it('gives the session heading, title and intro word for word', () => {
    expect(session.heading).toBe(seed[0]);
    expect(session.title).toBe(seed[1]);
    expect(session.intro).toBe(seed[3]);
  });

  it('gives both learning outcomes word for word', () => {
    expect(seed[4]).toBe('Learning Outcomes');
    expect(session.outcomes.map((o) => o.text)).toEqual([seed[5]!.slice(2), seed[6]!.slice(2)]);
  });

  it('gives all eight resources in order, with kind, title and blurb word for word', () => {
    const fromSeed = [];
    for (let i = 7; seed[i] !== 'Sessions'; i += 3) {
      fromSeed.push({ kind: seed[i]!.toLowerCase(), title: seed[i + 1], summary: seed[i + 2] });
    }
    expect(fromSeed).toHaveLength(8);
    expect(session.resources.map(({ kind, title, summary }) => ({ kind, title, summary }))).toEqual(
      fromSeed,
    );
  });

  it('gives the contact from the page', () => {
    expect(bundledPack.course.contact).toEqual({ name: seed[33], email: seed[34]!.trim() });
  });

  it('links only the readings READINGS.md rates high or medium; every other link is null', () => {
    const links = Object.fromEntries(session.resources.map((r) => [r.id, r.link]));
    expect(links).toEqual({
      'preston-model': null,
      'canadas-irreconcileables': null,
      'civil-power-partner-state': 'https://www.grocer.coop/articles/civil-power-and-partner-state',
      'levels-of-government': null,
      'we-sought-the-law': null,
      'building-strength-long-haul':
        'https://www.communitypsychology.com/resisting-state-sanctioned-violence/',
      'free-riding-off-capitalism': null,
      'half-past-capitalism': 'https://podcasters.spotify.com/pod/show/halfpastcapitalism',
    });
  });
});

describe('parsePack refuses a bad pack and names the bad field', () => {
  const cases: [string, (p: Record<string, any>) => unknown, string, RegExp][] = [
    ['not an object', () => 'hello', '', /object/i],
    ['null', () => null, '', /object/i],
    ['a future format', (p) => ({ ...p, format: 2 }), 'format', /must be 1/],
    ['a missing id', (p) => ({ ...p, id: undefined }), 'id', /./],
    ['an id with capitals', (p) => ({ ...p, id: 'Seize' }), 'id', /lowercase/],
    ['an unknown top-level key', (p) => ({ ...p, extra: 1 }), 'extra', /./],
    ['no sessions', (p) => ({ ...p, sessions: [] }), 'sessions', /at least one/],
    [
      'a bad contact email',
      (p) => {
        p.course.contact.email = 'nobody';
        return p;
      },
      'course.contact.email',
      /email/,
    ],
    [
      'a bad kind',
      (p) => {
        p.sessions[0].resources[2].kind = 'skim';
        return p;
      },
      'sessions[0].resources[2].kind',
      /explore, read, watch, listen/,
    ],
    [
      'an empty title',
      (p) => {
        p.sessions[0].resources[0].title = '   ';
        return p;
      },
      'sessions[0].resources[0].title',
      /empty/,
    ],
    [
      'a javascript: link',
      (p) => {
        p.sessions[0].resources[1].link = 'javascript:alert(1)';
        return p;
      },
      'sessions[0].resources[1].link',
      /http/,
    ],
    [
      'a data: link',
      (p) => {
        p.sessions[0].resources[1].link = 'data:text/html,hi';
        return p;
      },
      'sessions[0].resources[1].link',
      /http/,
    ],
    [
      'a relative link',
      (p) => {
        p.sessions[0].resources[1].link = '/articles/x';
        return p;
      },
      'sessions[0].resources[1].link',
      /http/,
    ],
    [
      'a bad alternate',
      (p) => {
        p.sessions[0].resources[1].alternates = ['ftp://x.org/a'];
        return p;
      },
      'sessions[0].resources[1].alternates[0]',
      /http/,
    ],
    [
      'a number as title',
      (p) => {
        p.sessions[0].title = 6;
        return p;
      },
      'sessions[0].title',
      /string/i,
    ],
    [
      'an over-long summary',
      (p) => {
        p.sessions[0].resources[0].summary = 'x'.repeat(2001);
        return p;
      },
      'sessions[0].resources[0].summary',
      /2000/,
    ],
    [
      'a duplicate resource id',
      (p) => {
        p.sessions[0].resources[1].id = 'preston-model';
        return p;
      },
      'sessions[0].resources[1].id',
      /duplicate/,
    ],
    [
      'a duplicate outcome id',
      (p) => {
        p.sessions[0].outcomes[1].id = 'o1';
        return p;
      },
      'sessions[0].outcomes[1].id',
      /duplicate/,
    ],
    [
      'an unknown outcome reference',
      (p) => {
        p.sessions[0].resources[0].outcomes = ['o9'];
        return p;
      },
      'sessions[0].resources[0].outcomes[0]',
      /o9/,
    ],
    [
      'an unknown current session',
      (p) => ({ ...p, currentSession: 'session-9' }),
      'currentSession',
      /session-9/,
    ],
    [
      'a bad date',
      (p) => {
        p.sessions[0].startsOn = 'next week';
        return p;
      },
      'sessions[0].startsOn',
      /date/,
    ],
    [
      'an end before the start',
      (p) => {
        p.sessions[0].startsOn = '2026-11-20';
        p.sessions[0].endsOn = '2026-11-01';
        return p;
      },
      'sessions[0].endsOn',
      /before/,
    ],
    [
      'a __proto__ key',
      (p) => JSON.parse(JSON.stringify(p).replace('"format":1', '"__proto__":{"x":1},"format":1')),
      '__proto__',
      /./,
    ],
    [
      'a bad translation language',
      (p) => {
        p.sessions[0].l10n = { french: { title: 'x' } };
        return p;
      },
      'sessions[0].l10n.french',
      /language/,
    ],
  ];

  it.each(cases)('%s', (_name, mutate, path, message) => {
    const result = parsePack(mutate(clone() as Record<string, any>));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.path).toBe(path);
      expect(result.error.message).toMatch(message);
    }
  });
});

describe('localized', () => {
  it('uses the translation for the language, else the original text', () => {
    const pack = clone();
    pack.sessions[0]!.l10n = { fr: { title: 'Bâtir le pouvoir pour la solidarité' } };
    const parsed = parsePack(pack);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const s = parsed.pack.sessions[0]!;
    expect(localized(s, 'title', 'fr-CA')).toBe('Bâtir le pouvoir pour la solidarité');
    expect(localized(s, 'title', 'en')).toBe('Building Power for Solidarity');
    expect(localized(s, 'intro', 'fr')).toBe(s.intro);
  });
});

describe('parseImportedPack refuses private and local hosts', () => {
  const withLink = (mutate: (p: Record<string, any>) => void) => {
    const p = structuredClone(raw) as Record<string, any>;
    mutate(p);
    return p;
  };
  it.each([
    [
      'a loopback link',
      (p: Record<string, any>) => (p.sessions[0].resources[0].link = 'http://127.0.0.1:8080/'),
      'sessions[0].resources[0].link',
    ],
    [
      'a decimal loopback alternate',
      (p: Record<string, any>) => (p.sessions[0].resources[0].alternates = ['http://2130706433/']),
      'sessions[0].resources[0].alternates[0]',
    ],
    [
      'a private-network page',
      (p: Record<string, any>) => (p.sessions[0].pageUrl = 'https://192.168.0.10/session-6'),
      'sessions[0].pageUrl',
    ],
    [
      'a link-local course address',
      (p: Record<string, any>) => (p.course.url = 'http://169.254.169.254/'),
      'course.url',
    ],
    [
      'a .local host',
      (p: Record<string, any>) => (p.sessions[0].resources[3].link = 'https://nas.local/x'),
      'sessions[0].resources[3].link',
    ],
  ])('%s', (_, mutate, path) => {
    const r = parseImportedPack(withLink(mutate));
    expect(r).toMatchObject({ ok: false, error: { path } });
    if (!r.ok) expect(r.error.message).toMatch(/private or local/);
  });

  it('accepts the bundled pack', () => {
    expect(parseImportedPack(raw).ok).toBe(true);
  });

  it('accepts loopback only when the caller allows it (the test build)', () => {
    const pack = withLink((p) => (p.sessions[0].resources[0].link = 'http://127.0.0.1:8080/'));
    expect(parseImportedPack(pack, { allowLoopback: true }).ok).toBe(true);
    const lan = withLink((p) => (p.sessions[0].resources[0].link = 'http://10.1.2.3/'));
    expect(parseImportedPack(lan, { allowLoopback: true }).ok).toBe(false);
  });
});

describe('PACK_LIMITS', () => {
  it('refuses a session with more resources than the limit, naming the field', () => {
    const p = structuredClone(raw) as Record<string, any>;
    const one = p.sessions[0].resources[0];
    p.sessions[0].resources = Array.from(
      { length: PACK_LIMITS.resourcesPerSession + 1 },
      (_, i) => ({
        ...one,
        id: `r-${i}`,
      }),
    );
    expect(parsePack(p)).toMatchObject({ ok: false, error: { path: 'sessions[0].resources' } });
    (p.sessions[0].resources as unknown[]).pop();
    expect(parsePack(p).ok).toBe(true);
  });

  it('keeps every limit in one exported object', () => {
    expect(PACK_LIMITS).toMatchObject({
      fileBytes: expect.any(Number),
      sessions: 100,
      outcomesPerSession: expect.any(Number),
      resourcesPerSession: 200,
    });
  });
});
