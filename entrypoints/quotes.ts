/** The quote script (placeholder until the anchoring lands). */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';

export default defineUnlistedScript(() => undefined);
