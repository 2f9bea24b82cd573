import { randomUUID } from "node:crypto";
import { userInfo } from "node:os";
import type { ChangeContext } from "../modules/access/index.ts";

/** Changes made from the command line are audited under the operating-system user who ran it. */
export function commandLineContext(): ChangeContext {
  let who = "unknown";
  try {
    who = userInfo().username;
  } catch {
    // Some containers run as a user with no name.
  }
  return { userId: null, username: `command line (${who})`, correlationId: randomUUID() };
}
