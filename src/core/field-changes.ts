/** The fields that differ between two versions of a record, written for people to read. */
export function fieldChanges(before: unknown, after: unknown): { field: string; before: string; after: string }[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => f !== "version");
  return fields
    .filter((field) => JSON.stringify(a[field]) !== JSON.stringify(b[field]))
    .map((field) => ({ field, before: readable(a[field]), after: readable(b[field]) }));
}

function readable(value: unknown): string {
  if (value === undefined || value === null || value === "") return "(none)";
  if (Array.isArray(value)) return value.map(readable).join("\n");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
