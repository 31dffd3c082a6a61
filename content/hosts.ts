/**
 * Which hosts a course pack may name and a link check may reach: public ones only. A pack is
 * untrusted input, and a link check runs with the facilitator's network position, so a pack
 * naming `http://192.168.0.1/admin` or `http://169.254.169.254/` (cloud metadata) would probe
 * the facilitator's own network. Loopback, private, link-local, multicast and reserved
 * addresses and local names (`localhost`, `.local`, single-label names…) are refused.
 *
 * Hosts are read through the WHATWG URL parser, which already turns every IPv4 spelling
 * (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`) into dotted form and compresses IPv6, so
 * one rule covers every form.
 */

/** Options of {@link isPublicUrl}. */
export interface HostOptions {
  /**
   * Let loopback through (127/8, `::1`, `localhost`). Only the end-to-end test build, whose
   * manifest grants its local test server at install, sets this; shipped code never does.
   */
  allowLoopback?: boolean;
}

/** Local name suffixes that never name a public site. */
const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.lan', '.home.arpa', '.intranet'];

type Kind = 'public' | 'loopback' | 'private';

/** Classify a dotted IPv4 address (four numbers 0–255, as the URL parser writes them). */
function ipv4Kind(parts: readonly number[]): Kind {
  const [a = 0, b = 0, c = 0] = parts;
  if (a === 127) return 'loopback';
  if (
    a === 0 || // "this network" (0.0.0.0 reaches the local host on many systems)
    a === 10 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && c === 0) || // IETF protocol assignments
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast, reserved, broadcast
  )
    return 'private';
  return 'public';
}

/** The 8 16-bit groups of a compressed IPv6 address (without brackets), or null. */
function ipv6Groups(address: string): number[] | null {
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const head = parse(halves[0] ?? '');
  const tail = parse(halves[1] ?? '');
  const groups =
    halves.length === 2
      ? [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail]
      : head;
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : null;
}

function ipv6Kind(address: string): Kind {
  const g = ipv6Groups(address);
  if (!g) return 'private';
  const [g0 = 0, , , , , g5 = 0, g6 = 0, g7 = 0] = g;
  const v4 = [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff];
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(7) && g7 === 1) return 'loopback'; // ::1
  if (zeroTo(8)) return 'private'; // ::
  if (zeroTo(5) && g5 === 0xffff) return ipv4Kind(v4); // ::ffff:a.b.c.d (IPv4-mapped)
  if (zeroTo(6)) return 'private'; // ::a.b.c.d (deprecated IPv4-compatible)
  if (g0 === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return ipv4Kind(v4); // 64:ff9b::a.b.c.d (NAT64)
  if ((g0 & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((g0 & 0xffc0) === 0xfe80) return 'private'; // fe80::/10 link-local
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // fec0::/10 old site-local
  if ((g0 & 0xff00) === 0xff00) return 'private'; // multicast
  return 'public';
}

/** Classify a host as the URL parser gives it (`URL.hostname`). */
function hostKind(hostname: string): Kind {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[') && host.endsWith(']')) return ipv6Kind(host.slice(1, -1));
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) return ipv4Kind(v4.slice(1).map(Number));
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  // A single-label name ("router", "intranet") resolves only on a local network.
  if (!host.includes('.') || LOCAL_SUFFIXES.some((s) => host.endsWith(s))) return 'private';
  return 'public';
}

/**
 * Whether an address is an http(s) URL on a public host (see the top of this module).
 *
 * @example
 * isPublicUrl('https://grocer.coop/a') // → true
 * isPublicUrl('http://0x7f.1/') // → false: 127.0.0.1
 */
export function isPublicUrl(url: string, options: HostOptions = {}): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname) return false;
  const kind = hostKind(u.hostname);
  return kind === 'public' || (kind === 'loopback' && options.allowLoopback === true);
}

/**
 * Whether a manifest's install-time host permissions grant a loopback host: true only in the
 * end-to-end test build (a copy of the build whose manifest grants its local test server). The
 * shipped manifest grants no host at install, so shipped code always refuses loopback.
 */
export function loopbackGranted(hostPermissions: unknown): boolean {
  return (
    Array.isArray(hostPermissions) &&
    hostPermissions.some(
      (p) => typeof p === 'string' && /^https?:\/\/(127\.0\.0\.1|localhost)\//.test(p),
    )
  );
}
