import { render } from 'preact';
import { Popup } from '../../components/Popup';
import { bundledPack } from '../../content/bundled';
import { uiLanguage, t } from '../../utils/i18n';
import '../../components/theme.css';
import './popup.css';

document.documentElement.lang = uiLanguage();
document.title = t('extName');
const root = document.getElementById('app');
if (root) render(<Popup pack={bundledPack} />, root);
