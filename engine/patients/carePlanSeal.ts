/**
 * What a care plan's copy (the PDF a care manager uploaded, engine/notices/carePlanCopy.ts) is sealed
 * against: its own row, so a sealed PDF moved to another row does not open. Here, beside the patient's
 * own sealing, because key rotation (engine/access/keyRotation.ts) re-seals it too.
 */
export const carePlanCopySealContext = (copyId: string) => `care_plan_copy:${copyId}`;
