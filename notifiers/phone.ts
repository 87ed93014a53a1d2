/** A Japanese phone number as E.164 (+81…), or null when it is not one. Pure: used on every runtime. */
export function toE164Japan(phone: string): string | null {
  const trimmed = phone.replace(/[\s-]/g, '');
  if (/^\+[1-9]\d{7,14}$/.test(trimmed)) return trimmed;
  if (/^0\d{9,10}$/.test(trimmed)) return `+81${trimmed.slice(1)}`;
  return null;
}
