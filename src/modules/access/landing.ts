import { safeReturnPath } from "../../web/safe-return-path.ts";

/** The person's own page of what waits for them (the home module's). */
export const homePath = "/home";

/**
 * Where signing in leads: back to the page the person was going to, or, when that was no page in
 * particular, to their home page. The site's root counts as none in particular: it is the address
 * people type, and a return address that is refused as unsafe comes back as it.
 */
export function afterSignIn(returnTo: unknown): string {
  const path = safeReturnPath(returnTo);
  return path === "/" ? homePath : path;
}
