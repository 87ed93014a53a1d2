import type { RuleDocument, RuleStep } from './schema.js';

/**
 * How a text cites the region's rule: the document by its own name, with the step in the region's
 * own words where its seed names one (「三田市入退院支援ルール A⑤「退院時・退院後の情報提供」」), the
 * document alone where it does not.
 */
export function citeRule(document: RuleDocument, step?: RuleStep): string {
  const name = step ? document.steps[step] : undefined;
  return name ? `${document.name} ${name}` : document.name;
}

/** A region not loaded any more (its pack removed) is cited as the rule, without steps. */
export const UNKNOWN_DOCUMENT: RuleDocument = { name: '入退院支援ルール', steps: {} };
