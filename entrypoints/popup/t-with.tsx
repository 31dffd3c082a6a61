import type { ComponentChildren } from 'preact';
import { t, type MessageKey } from '../../utils/i18n';

/**
 * A translated sentence with elements (links, emphasis) in its placeholders, so translators
 * keep the whole sentence and may move the element where their language wants it.
 *
 * @example tWith('contactLine', <a href="mailto:…">Hannah</a>)
 */
export function tWith(key: MessageKey, ...nodes: ComponentChildren[]): ComponentChildren[] {
  const text = t(
    key,
    nodes.map((_, i) => `\uE000${i}\uE000`),
  );
  return text.split(/\uE000(\d+)\uE000/).map((part, i) => (i % 2 ? nodes[Number(part)] : part));
}
