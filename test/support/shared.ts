import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

/**
 * The reference material beside the project (`../shared`: the council's published papers and
 * public data sets). Tests read it from there and never copy it into the repository.
 * WAYMARK_SHARED_DIR points elsewhere when the checkout is not beside it.
 */
const sharedDir = process.env.WAYMARK_SHARED_DIR ?? fileURLToPath(new URL("../../../shared/", import.meta.url));

export function sharedPath(...parts: string[]): string {
  return resolve(sharedDir, ...parts);
}
