import { render } from 'preact';
import { Overlay } from '../../components/Overlay';
import { WithCurrentPack } from '../../components/WithCurrentPack';
import { bundledPack } from '../../content/bundled';
import { t, uiLanguage } from '../../utils/i18n';
import '../../components/theme.css';
import './overlay.css';

document.documentElement.lang = uiLanguage();
document.title = t('overlayFrameTitle');
const root = document.getElementById('app');
if (root)
  render(
    <WithCurrentPack fallback={bundledPack}>{(pack) => <Overlay pack={pack} />}</WithCurrentPack>,
    root,
  );
