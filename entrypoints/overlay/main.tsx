import { render } from 'preact';
import { Overlay } from '../../components/Overlay';
import { bundledPack } from '../../content/bundled';
import { t, uiLanguage } from '../../utils/i18n';
import '../../components/theme.css';
import './overlay.css';

document.documentElement.lang = uiLanguage();
document.title = t('overlayFrameTitle');
const root = document.getElementById('app');
if (root) render(<Overlay pack={bundledPack} />, root);
