// KB Support customer ids (kbsupport-customers.txt): WordPress post ids, positive integers.

export const KBS_ID = /^[1-9]\d{0,9}$/;

export function isKbSupportId(id: string): boolean {
  return KBS_ID.test(id);
}

/** The vendor id as we hand it on: decimal digits without leading zeros. */
export function idText(id: string | number): string {
  return String(id).replace(/^0+(?=\d)/, '');
}

/** The vendor id as a number, to order records by. */
export function idNumber(record: { id: string | number }): number {
  return Number(record.id);
}
