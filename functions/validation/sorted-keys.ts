/**
 * A value with every object's keys in one order (fields left `undefined` dropped, as JSON drops
 * them), so that `JSON.stringify` of two equal values gives one text whatever order their keys
 * were written in: the ground for digests of JSON read from outside.
 */
export function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
