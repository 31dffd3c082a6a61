import { render } from 'preact';
import { Popup } from './Popup';
import { WithCurrentPack } from './WithCurrentPack';
import { readSnapshot, writeSnapshot } from './snapshot';
import { bundledPack } from '../../content/bundled';
import { uiLanguage, t } from '../../utils/i18n';
import '../../components/theme.css';
import './popup.css';

document.documentElement.lang = uiLanguage();
// Ask the browser not to evict the learner's reflections under storage pressure. It must be
// asked from an extension page (the background has no `navigator.storage.persist`).
void navigator.storage.persist().catch(() => false);
document.title = t('extName');
const root = document.getElementById('app');
// What the popup showed last, drawn until the background answers (snapshot.ts).
if (root)
  void readSnapshot().then((snapshot) =>
    render(
      <WithCurrentPack fallback={bundledPack} initial={snapshot?.view ?? null}>
        {(view, choose, current) => (
          <Popup
            view={view}
            learned={new Set(view.learned.map((l) => l.resourceId))}
            onChooseSession={choose}
            snapshot={snapshot?.state ?? null}
            keepSnapshot={current ? (state) => writeSnapshot({ view, state }) : undefined}
          />
        )}
      </WithCurrentPack>,
      root,
    ),
  );
