/**
 * Which hosts of a session's readings the companion does not reach yet, in pure code. The
 * build's reading script covers the hosts of the bundled pack; a link learned from the course
 * page, given by an imported pack or set by the learner may live anywhere else, and there the
 * companion shows only after the learner lets it (docs/decisions.md, "Consent per host").
 */
import { HOST_PATTERN } from '../utils/protocol/limits';
import { isPublicUrl, type HostOptions } from './hosts';
import { hostPatterns } from './recognizer';

/**
 * Whether the match pattern `pattern` covers every page of https `host` (`https://host/*`,
 * `https://*.domain/*`, `https://*\/*`, `*://…`, `<all_urls>`); a pattern that names a path
 * covers only part of a host and counts as not covering it.
 */
export function patternCovers(pattern: string, host: string): boolean {
  if (pattern === '<all_urls>') return true;
  const m = /^(\*|https):\/\/([^/]+)\/\*$/.exec(pattern);
  if (!m) return false;
  const name = m[2] ?? '';
  if (name === '*') return true;
  if (name.startsWith('*.')) {
    const domain = name.slice(2);
    return host === domain || host.endsWith(`.${domain}`);
  }
  return name === host;
}

/**
 * The host patterns (`https://host/*`, see {@link HOST_PATTERN}) that `links` need and no
 * pattern of `covered` covers: what to ask the learner for. Only https links on public hosts
 * count (the companion never runs over plain http, and never asks for a local network's hosts).
 */
export function uncoveredPatterns(
  links: Iterable<string | null | undefined>,
  covered: readonly string[],
  hosts: HostOptions = {},
): string[] {
  const secure = [...links].filter(
    (l): l is string => !!l && l.startsWith('https://') && isPublicUrl(l, hosts),
  );
  return hostPatterns(secure).filter(
    (pattern) =>
      HOST_PATTERN.test(pattern) && !covered.some((c) => patternCovers(c, patternHost(pattern))),
  );
}

/** The host a pattern of {@link HOST_PATTERN} names, for showing it to the learner. */
export function patternHost(pattern: string): string {
  return pattern.slice('https://'.length, -'/*'.length);
}
