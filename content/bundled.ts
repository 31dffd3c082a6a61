/**
 * The course pack that ships with the extension: SEIZE's *Fundamentals of the Solidarity
 * Economy*, with Session 6 as the course page gives it. Links that nobody has confirmed are
 * `null` (see `docs/course-pack.md`), never guessed.
 */
import raw from './packs/seize.json';
import { parsePack, type Pack } from './pack-schema';

function load(): Pack {
  const result = parsePack(raw);
  // A bundled pack that fails its own schema is a build mistake; the unit tests catch it first.
  if (!result.ok)
    throw new Error(`Bundled pack is invalid at ${result.error.path}: ${result.error.message}`);
  return result.pack;
}

/** The validated bundled pack. */
export const bundledPack: Pack = load();
