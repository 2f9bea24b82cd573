/** Reads a key that must be present; a missing one is a programming error, reported by name. */
export function lookup<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`${what} ${String(key)} is not known`);
  return value;
}

/** The single row an INSERT … RETURNING gives back. */
export function onlyRow<T>(rows: T[], what: string): T {
  const [row] = rows;
  if (row === undefined) throw new Error(`no row came back for ${what}`);
  return row;
}

/** A value that must be there (a row just written in the same transaction, say); a missing one is a programming error. */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing`);
  return value;
}
