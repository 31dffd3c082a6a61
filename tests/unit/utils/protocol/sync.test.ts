import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import en from '../../../../public/_locales/en/messages.json';
import fr from '../../../../public/_locales/fr/messages.json';
import {
  originPattern,
  serverAddress,
  syncPermissions,
  SYNC_ERROR_CODES,
  SYNC_SETTINGS,
} from '../../../../utils/protocol/sync';

describe('serverAddress: https, or http on this machine only', () => {
  it.each([
    ['https://couch.example.org', 'https://couch.example.org'],
    ['https://couch.example.org:6984/', 'https://couch.example.org:6984'],
    ['https://example.org/couch/', 'https://example.org/couch'],
    ['http://127.0.0.1:5984', 'http://127.0.0.1:5984'],
    ['http://localhost:5984', 'http://localhost:5984'],
    ['http://[::1]:5984', 'http://[::1]:5984'],
  ])('accepts %s', (text, address) => expect(serverAddress(text)).toBe(address));

  it.each([
    'http://couch.example.org',
    'http://192.168.1.10:5984',
    'ftp://couch.example.org',
    'javascript:alert(1)',
    'https://amina:secret@couch.example.org',
    'https://couch.example.org/?db=x',
    'https://couch.example.org/#x',
    'not an address',
    `https://example.org/${'x'.repeat(2000)}`,
  ])('refuses %s', (text) => expect(serverAddress(text)).toBeNull());

  it('asks the browser for exactly the server’s origin', () => {
    expect(originPattern('https://example.org:6984/couch')).toBe('https://example.org:6984/*');
  });

  it('asks Firefox also for the learner’s consent to send their data, and Chromium not', () => {
    expect(syncPermissions('https://example.org/couch', false)).toEqual({
      origins: ['https://example.org/*'],
    });
    expect(syncPermissions('https://example.org/couch', true)).toEqual({
      origins: ['https://example.org/*'],
      data_collection: ['websiteContent', 'browsingActivity'],
    });
  });
});

describe('SYNC_SETTINGS', () => {
  const ok = {
    server: 'https://couch.example.org',
    database: 'userdb-616d696e61',
    auth: { kind: 'none' },
  };
  it.each<[string, unknown]>([
    ['a database name CouchDB refuses', { ...ok, database: '_users' }],
    ['a user name with a colon', { ...ok, auth: { kind: 'basic', username: 'a:b', password: '' } }],
    ['a token with a line break', { ...ok, auth: { kind: 'token', token: 'a\nb' } }],
    ['an extra field', { ...ok, cookie: 'x' }],
  ])('refuses %s', (_name, settings) => expect(v.is(SYNC_SETTINGS, settings)).toBe(false));

  it('accepts a course’s settings', () => expect(v.is(SYNC_SETTINGS, ok)).toBe(true));
});

describe('sync’s error codes', () => {
  it('each has a text in English and in French', () => {
    for (const code of SYNC_ERROR_CODES) {
      const key = `syncError_${code}`;
      expect((en as Record<string, { message: string }>)[key]?.message).toBeTruthy();
      expect((fr as Record<string, { message: string }>)[key]?.message).toBeTruthy();
    }
  });
});
