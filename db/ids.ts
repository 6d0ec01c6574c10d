// Ids and versions are Postgres `integer` (int4) columns. A larger number in a URL, a cursor or a
// request body can name no row, and sent to Postgres it is an "out of range" error (a 500), not
// "not found": every parser of an outside id checks this bound first.
export const MAX_ROW_ID = 2_147_483_647;

/** A whole number that can be an id of ours (1 … 2^31−1). */
export function isRowId(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 1 && value <= MAX_ROW_ID;
}
