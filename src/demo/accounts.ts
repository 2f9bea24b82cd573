import type { Database } from "../db/client.ts";
import { type ChangeContext, type Role, createUser, findUserByUsername } from "../modules/access/index.ts";

/** Shared by every demonstration account and shown on the demo's sign-in page. */
export const demoPassword = "demonstration-only";

/** One account per role, so that anyone trying Waymark can see it as each kind of user does. */
export const demoAccounts: { username: string; displayName: string; roles: Role[]; priorityNumbers?: number[] }[] = [
  { username: "admin", displayName: "Ada Administrator", roles: ["administrator"] },
  { username: "editor", displayName: "Evan Editor", roles: ["plan_editor"] },
  { username: "lead", displayName: "Lee Lead", roles: ["priority_lead"], priorityNumbers: [3, 4] },
  { username: "approver", displayName: "April Approver", roles: ["approver"] },
  { username: "analyst", displayName: "Ana Analyst", roles: ["performance_analyst"] },
  { username: "quality", displayName: "Quinn Quality", roles: ["qa_officer"] },
  { username: "viewer", displayName: "Vic Viewer (councillor)", roles: ["viewer"] },
];

export async function createDemoAccounts(db: Database, context: ChangeContext): Promise<number> {
  let created = 0;
  for (const account of demoAccounts) {
    if (await findUserByUsername(db, account.username)) continue;
    await createUser(db, context, { ...account, password: demoPassword, demo: true });
    created += 1;
  }
  return created;
}
