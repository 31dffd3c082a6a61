import { render } from 'preact';
import { FacilitatorPage } from './FacilitatorPage';
import { bundledPack } from '../../content/bundled';
import { t, uiLanguage } from '../../utils/i18n';
import '../../components/theme.css';
import './options.css';

// The facilitator page: the extension's options page, opened in a tab.
document.documentElement.lang = uiLanguage();
document.title = t('facilitatorTools');
const root = document.getElementById('app');
if (root) render(<FacilitatorPage fallback={bundledPack} />, root);
