/**
 * The words a page shows in its live regions after an action: a status line, and the text of
 * an error the background replied.
 */
import type { MessageKey, t as translate } from '../utils/i18n';
import type { ReplyError } from '../utils/protocol/messages';

/** A status line for the live region: what just happened, politely or urgently. */
export interface Status {
  text: string;
  kind: 'info' | 'error';
}

/** The translated text of a reply error. */
export const errorText = (t: typeof translate, error: ReplyError): string => {
  switch (error.code) {
    case 'invalid_request':
    case 'forbidden_sender':
    case 'not_a_reading':
    case 'not_found':
    case 'invalid_pack':
    case 'db_blocked':
    case 'db_quota':
    case 'db_unavailable':
    case 'link_no_address':
    case 'link_not_public':
    case 'link_taken':
    case 'internal':
      return t(`error_${error.code}`);
    case 'backup_refused': {
      // The reason is one of the backup format's codes, each with a text `backupError_<reason>`.
      const key = `backupError_${error.reason ?? ''}` as MessageKey;
      const reason = t(key);
      const why = reason === key ? t('error_backup_refused') : reason;
      return error.path ? `${why} ${t('backupErrorAt', error.path)}` : why;
    }
  }
};
