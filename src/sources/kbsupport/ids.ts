// KB Support customer ids (kbsupport-customers.txt): WordPress post ids, positive integers.

export const KBS_ID = /^[1-9]\d{0,9}$/;

export function isKbSupportId(id: string): boolean {
  return KBS_ID.test(id);
}
