import { DeliveryError } from '../../notifiers/delivery.js';
import type { FaxDocument } from '../../notifiers/faxDocument.js';
import type { Deps } from '../deps.js';

/** The runtime's PDF renderer; without one (Workers) a FAX is refused and the notice moves to its next channel. */
export function faxPdf(deps: Deps): (doc: FaxDocument) => Promise<Uint8Array> {
  if (!deps.renderFaxPdf)
    return async () => {
      throw new DeliveryError('FAX documents cannot be rendered on this runtime', true);
    };
  return deps.renderFaxPdf;
}
