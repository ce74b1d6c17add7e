/** A time as the ledger and the events write it: ISO 8601 in UTC, from epoch milliseconds or a Date. */
export const iso = (time: number | Date): string => new Date(time).toISOString();

/** Whether something ending at `a` lasts at least as long as something ending at `b` (`null` = never ends). */
export const outlasts = (a: string | null, b: string | null) => a === null || (b !== null && a >= b);
