/** A time as the ledger and the events write it: ISO 8601 in UTC, from epoch milliseconds or a Date. */
export const iso = (time: number | Date): string => new Date(time).toISOString();
