/**
 * A map that keeps the `limit` entries most recently used, for what is made once per SQL text and
 * reused: the app's statements are few, and a text that is one of many (a list of placeholders of
 * every length) makes room by pushing out the one used longest ago.
 */
export function recentlyUsed<Value>(limit: number): { get(key: string, make: () => Value): Value } {
  const entries = new Map<string, Value>();
  return {
    get(key, make) {
      let value = entries.get(key);
      if (value === undefined) {
        value = make();
        if (entries.size >= limit) entries.delete(entries.keys().next().value as string);
      } else {
        entries.delete(key);
      }
      entries.set(key, value);
      return value;
    },
  };
}
