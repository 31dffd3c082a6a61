import { describe, expect, it } from 'vitest';
import { testPack as bundledPack } from '../../fixtures/test-pack';
import { linkSummary, mergeChecks, originsOf } from '../../../content/pack-links';
import { check } from './pack-fixtures';

describe('linkSummary and mergeChecks', () => {
  it('says nothing when nothing was checked', () => {
    expect(linkSummary(bundledPack, [])).toBeNull();
    expect(
      linkSummary(bundledPack, [
        { ...check('civil-power-partner-state', 'works'), courseId: 'other' },
      ]),
    ).toBeNull();
    expect(linkSummary(bundledPack, [check('gone-resource', 'works')])).toBeNull();
  });

  it('counts working (works or redirected) and missing links of the pack’s resources', () => {
    const checks = [
      check('civil-power-partner-state', 'works'),
      check('half-past-capitalism', 'redirected'),
      check('building-strength-long-haul', 'not_found'),
      check('preston-model', 'missing'),
    ];
    expect(linkSummary(bundledPack, checks, 'session-6')).toEqual({
      checked: 4,
      working: 2,
      missing: 1,
    });
  });

  it('keeps one result per resource, the newest, and never lets a cancelled one replace it', () => {
    const old = check('civil-power-partner-state', 'works', '2026-11-01T00:00:00.000Z');
    const merged = mergeChecks(
      [old],
      [check('civil-power-partner-state', 'cancelled'), check('half-past-capitalism', 'cancelled')],
    );
    expect(merged).toEqual([old]);
    const newer = check('civil-power-partner-state', 'not_found');
    expect(mergeChecks([old], [newer])).toEqual([newer]);
  });
});

describe('originsOf', () => {
  it('asks for exactly the hosts of the links, once each, without ports or paths', () => {
    expect(
      originsOf(
        [
          'https://www.grocer.coop/articles/a',
          'https://www.grocer.coop/b',
          'http://127.0.0.1:8123/ok',
          'http://localhost:9/x?y',
          null,
          'javascript:alert(1)',
        ],
        { allowLoopback: true },
      ),
    ).toEqual(['https://www.grocer.coop/*', 'http://127.0.0.1/*', 'http://localhost/*']);
  });

  it('never asks for a private or local host (loopback only in the test build)', () => {
    const links = ['https://www.grocer.coop/a', 'http://127.0.0.1:8123/ok', 'http://10.0.0.2/'];
    expect(originsOf(links)).toEqual(['https://www.grocer.coop/*']);
    expect(originsOf(links, { allowLoopback: true })).toEqual([
      'https://www.grocer.coop/*',
      'http://127.0.0.1/*',
    ]);
  });
});
