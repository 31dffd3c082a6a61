import { t } from '../../utils/i18n';
import type { Run } from './use-link-check-run';

/** Props of {@link LinkCheckPanel}. */
export interface LinkCheckPanelProps {
  run: Run | null;
  running: boolean;
  /** The time a link may take to answer, in seconds (1 to 60). */
  timeoutS: number;
  onTimeout: (seconds: number) => void;
  onCheckAll: () => void;
  onCancel: () => void;
}

/** The link check's controls: the timeout, Check all, and while it runs its progress and Cancel. */
export function LinkCheckPanel({
  run,
  running,
  timeoutS,
  onTimeout,
  onCheckAll,
  onCancel,
}: LinkCheckPanelProps) {
  return (
    <section aria-labelledby="check-heading">
      <h2 id="check-heading">{t('checkHeading')}</h2>
      <p class="muted small">{t('checkHint')}</p>
      <div class="row">
        <label class="timeout">
          {t('checkTimeoutLabel')}{' '}
          <input
            type="number"
            min={1}
            max={60}
            value={timeoutS}
            disabled={running}
            onInput={(e) => {
              const n = Number((e.target as HTMLInputElement).value);
              if (Number.isFinite(n) && n >= 1 && n <= 60) onTimeout(n);
            }}
          />
        </label>
        <button type="button" disabled={running} onClick={onCheckAll}>
          {t('checkAll')}
        </button>
      </div>
      {run && (
        <div class="row">
          <progress
            max={run.total}
            value={run.done}
            aria-label={t('checkProgressLabel')}
            data-testid="check-progress"
          />
          <span data-testid="check-count">{t('checkProgress', [run.done, run.total])}</span>
          {running && (
            <button type="button" class="secondary" onClick={onCancel}>
              {t('checkCancel')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
