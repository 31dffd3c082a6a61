import type { Progress } from '../utils/protocol/records';

/** A reading's status, from its progress record. */
export function readingStatus(progress: Progress | null): 'not_started' | 'in_progress' | 'done' {
  if (progress?.doneAt) return 'done';
  return progress?.firstOpenedAt ? 'in_progress' : 'not_started';
}
