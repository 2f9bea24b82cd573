/** A stand-in for the app's own origin: return paths are resolved against it and must stay on it. */
const ownOrigin = "https://waymark.invalid";
/** Longer return paths are not ones the app sends; they are refused rather than cut. */
const longestReturnPath = 2048;

/**
 * A return address is followed only if it stays on this site. It must be a path ("/…") without
 * control characters (tabs, CR, LF and NUL, which URL parsers drop or browsers mishandle) that,
 * resolved against the app's origin, keeps that origin; the answer is that URL's path, query and
 * fragment as the URL standard writes them (non-ASCII and unsafe characters percent-encoded, so it
 * is always safe in a Location header), and only if it still resolves to this site when read again
 * (`/..//evil.example` normalises to `//evil.example`). Anything else is "/".
 */
export function safeReturnPath(value: unknown): string {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (typeof value !== "string" || !value.startsWith("/") || value.length > longestReturnPath || /[\u0000-\u001f\u007f]/.test(value)) return "/";
  const onSite = (path: string): URL | null => {
    try {
      const url = new URL(path, ownOrigin);
      return url.origin === ownOrigin ? url : null;
    } catch {
      return null;
    }
  };
  const url = onSite(value);
  if (!url) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("/") && !path.startsWith("//") && onSite(path) ? path : "/";
}
