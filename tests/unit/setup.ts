/**
 * Unit-test setup: a fresh fake browser before each test, with `i18n` answered from the real
 * catalogues in `public/_locales` (the fake browser does not implement it).
 */
import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/preact';
import { afterEach, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { catalogs, setTestLanguage, testLanguage, formatMessage } from './i18n-catalogs';

beforeEach(() => {
  fakeBrowser.reset();
  setTestLanguage('en');
  fakeBrowser.i18n.getMessage = (key: string, subs?: string | string[]) =>
    formatMessage(catalogs[testLanguage()][key]?.message, subs);
  fakeBrowser.i18n.getUILanguage = () => testLanguage();
});

// Testing Library unmounts by itself only when Vitest globals are on; they are not.
afterEach(cleanup);
