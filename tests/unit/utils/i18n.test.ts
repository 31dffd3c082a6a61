import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { t } from '../../../utils/i18n';
import { catalogs, setTestLanguage } from '../i18n-catalogs';

const placeholders = (m: string) => [...m.matchAll(/\$([1-9])/g)].map((x) => x[1]).sort();

describe('message catalogues', () => {
  it('have the same keys in English and French', () => {
    expect(Object.keys(catalogs.fr).sort()).toEqual(Object.keys(catalogs.en).sort());
  });

  it.each(Object.keys(catalogs.en))(
    '%s has the same placeholders in both languages and no empty text',
    (key) => {
      const en = catalogs.en[key]!.message;
      const fr = catalogs.fr[key]!.message;
      expect(en.trim()).not.toBe('');
      expect(fr.trim()).not.toBe('');
      expect(placeholders(fr)).toEqual(placeholders(en));
    },
  );

  it('has keys Chromium accepts', () => {
    for (const key of Object.keys(catalogs.en)) expect(key).toMatch(/^[A-Za-z0-9_]+$/);
  });
});

describe('t', () => {
  it('fill placeholders in the browser’s language', () => {
    expect(t('sessionLabel', 6)).toBe('Session 6');
    setTestLanguage('fr');
    expect(t('sessionLabel', 6)).toBe('Séance 6');
  });
});

describe('no hard-coded text in the UI', () => {
  // A text node of letters in JSX (`>Save<`) or a string attribute a person reads
  // (aria-label="…", title="…", placeholder="…", alt="…") must come from the catalogue.
  // Every .tsx file of the UI: the shared components and each page's own.
  const files = ['components', 'entrypoints']
    .flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)),
    )
    .filter((f) => f.endsWith('.tsx'))
    .sort();
  it('finds the UI files', () => expect(files.length).toBeGreaterThan(10));
  it.each(files)('%s', (file) => {
    // Comments are for developers; only code is scanned.
    const src = readFileSync(join(process.cwd(), file), 'utf8').replace(
      /\/\*[\s\S]*?\*\/|\/\/.*$/gm,
      '',
    );
    // `>` closing a tag (not `=>` or a comparison), then words up to the next tag.
    const jsxText = [...src.matchAll(/(?<![=-])(?<!\S )>\s*([A-Za-zÀ-ÿ][^<>{};=]*?)\s*</g)].map(
      (m) => m[1],
    );
    const attrs = [
      ...src.matchAll(/\b(aria-label|title|placeholder|alt)="([^"]*[A-Za-z][^"]*)"/g),
    ].map((m) => m[0]);
    expect([...jsxText, ...attrs]).toEqual([]);
  });
});
