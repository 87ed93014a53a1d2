import { and, desc, eq } from 'drizzle-orm';
import { informationSheets } from '../../db/schema.js';
import { jstDate } from '../../machines/calendar.js';
import type { Channel } from '../../notifiers/delivery.js';
import type { FaxSection } from '../../notifiers/faxDocument.js';
import { familyName, jaDate, sheetCopyMail, sheetCopyNotOnFile } from '../../notifiers/texts.js';
import { citeRule, UNKNOWN_DOCUMENT } from '../../regions/document.js';
import { regionSheetForm } from '../../regions/nationalSheetForm.js';
import { groupedCode } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import { windowFor } from '../directory/index.js';
import { faxPdf } from './faxDocuments.js';
import { sheetPages, writtenAgainst } from './informationSheet.js';
import type { NoticeReads } from './noticeReads.js';
import { type Composed, caseIdOf, faxFilename, type OutboxRow, type RecipientContact, receiptLink } from './notices.js';

/** The copy's title on the FAX: the name of the form the sheet was written on (else the region's), marked as a copy. */
const copyTitle = (formName: string) => `${formName} (写し)`;

/**
 * 転院時の連絡: the receiving hospital gets the information sheet itself — the pages the sending
 * hospital received from the care manager, from the sent sheet on record — sent by the sending
 * hospital's window. A sheet given outside renkei (on paper, by hand) has no pages here: the FAX says
 * so and where to ask for it, rather than promise a copy it does not carry.
 */
export async function composeSheetCopy(
  deps: Deps,
  row: OutboxRow,
  channel: Channel,
  recipient: RecipientContact,
  reads: NoticeReads,
): Promise<Composed> {
  if (channel === 'sms') throw new Error('an information sheet is never sent by SMS');
  const { db } = deps.database;
  const caseId = caseIdOf(row);
  // The sheet on record is this notice's own read; its case and the directory come from the chunk's reads.
  const [caseRow, [sheet]] = await Promise.all([
    reads.case(caseId),
    db
      .select()
      .from(informationSheets)
      .where(and(eq(informationSheets.caseId, caseId), eq(informationSheets.status, 'sent')))
      .orderBy(desc(informationSheets.sentAt))
      .limit(1),
  ]);
  if (!caseRow) throw new Error(`case ${caseId} not found`);
  const ctx = caseRow.snapshot.context;
  const [patient, hospital, windows, office] = await Promise.all([
    reads.patient(caseRow),
    reads.hospital(caseRow.hospitalId),
    reads.windowsOfHospital(caseRow.hospitalId),
    ctx.careOfficeId ? reads.office(ctx.careOfficeId) : Promise.resolve(null),
  ]);
  const window = windowFor(windows, 'inpatient');
  const hospitalName = hospital?.name ?? '';
  const ruleDocument = deps.regions.get(caseRow.regionId)?.document ?? UNKNOWN_DOCUMENT;
  const officeName = office?.name ?? '居宅介護支援事業所';
  const title = copyTitle((sheet ? writtenAgainst(sheet) : regionSheetForm(deps.regions.get(caseRow.regionId))).name);
  const providedOn = sheet?.sentAt
    ? jstDate(new Date(sheet.sentAt))
    : ctx.informationSheet
      ? jstDate(ctx.informationSheet.at)
      : null;
  const sections: FaxSection[] = sheet
    ? sheetPages(sheet, patient, { label: '転院元の病棟', name: ctx.ward })
    : [
        {
          heading: 'ご連絡',
          text: sheetCopyNotOnFile({
            hospitalName,
            windowName: window?.name ?? '',
            windowPhone: window?.phone ?? null,
            patientName: patient.name,
            officeName,
            providedOn: providedOn ? jaDate(providedOn) : null,
          }),
        },
      ];
  const confirmUrl = receiptLink(deps, row.shortCode ?? '');
  const pdf = await faxPdf(deps)({
    title,
    lead: `${citeRule(ruleDocument, 'transfer')}に基づく情報提供 (転院元: ${hospitalName} 入院番号 ${caseRow.hospitalizationId}${
      sheet && providedOn ? `。${officeName}が${jaDate(providedOn)}に提供したシート` : ''
    })`,
    to: { name: recipient.name, fax: recipient.fax ?? '' },
    from: {
      name: `${hospitalName}${window ? ` ${window.name}` : ''}`,
      phone: window?.phone,
      fax: window?.fax,
    },
    sentAt: deps.now().toISOString(),
    sections,
    confirmation: { url: confirmUrl, code: groupedCode(row.shortCode ?? '') },
  });
  const filename = faxFilename(row.shortCode);
  if (channel === 'fax') return { channel, subject: title, pdf, filename };
  const mail = sheetCopyMail({
    hospitalName,
    receiverName: recipient.name,
    patientFamilyName: familyName(patient.name),
    confirmUrl,
    documentName: ruleDocument.name,
    attached: sheet !== undefined,
  });
  return { channel, ...mail, attachments: [{ filename, contentType: 'application/pdf', content: pdf }] };
}
