import { render } from 'preact';
import { Overlay } from './Overlay';
import { t, uiLanguage } from '../../utils/i18n';
import '../../components/theme.css';
import './overlay.css';

document.documentElement.lang = uiLanguage();
document.title = t('overlayFrameTitle');
const root = document.getElementById('app');
// The overlay's session comes with its state (overlay:init), never the whole pack.
if (root) render(<Overlay />, root);
