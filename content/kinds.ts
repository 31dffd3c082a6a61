/**
 * The kinds of resource a session lists, apart from the pack schema so the course-page content
 * script can read them without bundling the schema library.
 */

/** The four kinds of resource a session lists, in the words of the course page. */
export const RESOURCE_KINDS = ['explore', 'read', 'watch', 'listen'] as const;
/** One of {@link RESOURCE_KINDS}. */
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
