/**
 * A FAX as a document: who it is for, who sends it, what it says, and how the receiver confirms
 * that it arrived. Rendered as an A4 PDF in Japanese that any FAX gateway can transmit.
 */
export interface FaxDocument {
  title: string;
  /** Absent: a record printed for the sender's own file (退院・退所情報記録書), addressed to nobody. */
  to?: { name: string; fax: string } | undefined;
  from: { name: string; phone?: string | null | undefined; fax?: string | null | undefined };
  /** ISO instant shown as the sending time (JST). */
  sentAt: string;
  /** A short line under the title, e.g. the rule it follows. */
  lead?: string | undefined;
  sections: FaxSection[];
  /**
   * The receipt confirmation link: printed as text and as a QR code. `ask` and `qrLabel` replace the
   * receipt's wording when the link confirms more than the receipt (an admission a care manager reported).
   */
  confirmation?: { url: string; code: string; ask?: string | undefined; qrLabel?: string | undefined } | undefined;
  footer?: string | undefined;
}

export type FaxSection =
  | { heading: string; rows: [label: string, value: string][] }
  | { heading: string; text: string };

/**
 * The most pages one FAX may have. A FAX ties up the receiving machine and its paper: every free
 * text a sender types is bounded in lines (informationSheetItems.ts) so that a full document fits,
 * and the renderer refuses anything longer rather than send a stack of paper.
 */
export const MAX_FAX_PAGES = 6;
