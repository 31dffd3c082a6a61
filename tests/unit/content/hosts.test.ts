import { describe, expect, it } from 'vitest';
import { isPublicUrl, loopbackGranted } from '../../../content/hosts';

describe('isPublicUrl', () => {
  it.each([
    // Loopback, in every form the URL parser accepts.
    'http://127.0.0.1/',
    'http://127.8.9.10:8080/x',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://app.localhost/',
    'http://[::1]/',
    'http://[0:0:0:0:0:0:0:1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[::]/',
    'http://0.0.0.0/',
    'http://0/',
    // Private networks.
    'http://10.0.0.1/',
    'http://167772161/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.1.1/',
    'http://100.64.0.1/',
    'http://[fc00::1]/',
    'http://[fd12:3456::1]/',
    'http://[::ffff:192.168.0.1]/',
    'http://[64:ff9b::10.0.0.1]/',
    // Link-local (cloud metadata lives at 169.254.169.254).
    'http://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/',
    'http://[febf::1]/',
    // Multicast, broadcast, reserved.
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://[ff02::1]/',
    // Local names.
    'http://printer.local/',
    'http://router/',
    'http://nas.home.arpa/',
    'http://db.internal/',
    'http://box.lan/',
    // Not an address at all.
    'not a url',
    'javascript:alert(1)',
  ])('refuses %s', (url) => {
    expect(isPublicUrl(url)).toBe(false);
  });

  it.each([
    'https://www.grocer.coop/articles/civil-power-and-partner-state',
    'https://podcasters.spotify.com/pod/show/x',
    'http://8.8.8.8/',
    'http://172.15.255.255/',
    'http://172.32.0.1/',
    'http://192.169.0.1/',
    'http://[2001:db8::1]/',
    'http://[2606:4700::1111]/',
    'https://localhost.example.org/',
    'https://xn--caf-dma.fr/',
  ])('accepts %s', (url) => {
    expect(isPublicUrl(url)).toBe(true);
  });

  it('allows loopback, and only loopback, when asked (the test build)', () => {
    for (const url of ['http://127.0.0.1:4000/', 'http://localhost:80/', 'http://[::1]/'])
      expect(isPublicUrl(url, { allowLoopback: true })).toBe(true);
    for (const url of ['http://10.0.0.1/', 'http://169.254.169.254/', 'http://printer.local/'])
      expect(isPublicUrl(url, { allowLoopback: true })).toBe(false);
  });
});

describe('loopbackGranted', () => {
  it('is true only for a manifest that grants a loopback host at install (the test build)', () => {
    expect(loopbackGranted(['http://127.0.0.1/*', 'http://localhost/*'])).toBe(true);
    expect(loopbackGranted([])).toBe(false);
    expect(loopbackGranted(undefined)).toBe(false);
    expect(loopbackGranted(['https://www.grocer.coop/*'])).toBe(false);
  });
});
