import { parseArgs } from "node:util";
import type { Database } from "../db/client.ts";
import { makeOneTimePassword, roleNames, createUser, disableUser, enableUser, listAccounts, resetPassword, setRoles } from "../modules/access/index.ts";
import { commandLineContext } from "./context.ts";
import { UserError } from "../core/problems.ts";

export const usersUsage = `Usage: waymark users <command>

  add USERNAME --name "Full name" --role ROLE [--role ROLE] [--priority N] [--email ADDRESS] [--password-stdin]
  list
  disable USERNAME
  enable USERNAME
  set-role USERNAME --role ROLE [--role ROLE] [--priority N]
  reset-password USERNAME [--password-stdin]

Roles: ${roleNames.join(", ")}. --priority names a priority a priority lead may write progress for.
Without --password-stdin a strong password is made and printed once; the person changes it after signing in.`;

const options = {
  name: { type: "string" },
  email: { type: "string" },
  role: { type: "string", multiple: true },
  priority: { type: "string", multiple: true },
  "password-stdin": { type: "boolean" },
} as const;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

function priorityNumbers(values: string[] | undefined): number[] {
  return (values ?? []).map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UserError("usage", `--priority must be a priority number, not "${v}"`);
    return n;
  });
}

/** Runs `waymark users …`; returns what to print. */
export async function usersCommand(db: Database, args: string[]): Promise<string> {
  const { positionals, values } = parseArgs({ args, options, allowPositionals: true, strict: true });
  const [command, username] = positionals;
  const context = commandLineContext();
  const needUsername = () => {
    if (!username) throw new UserError("usage", `users ${command} needs a username\n\n${usersUsage}`);
    return username;
  };
  const password = async (name: string) => (values["password-stdin"] ? { text: await readStdin(), made: false } : { text: makeOneTimePassword(name), made: true });

  switch (command) {
    case "add": {
      const name = needUsername();
      if (!values.name) throw new UserError("usage", "users add needs --name \"Full name\"");
      if (!values.role?.length) throw new UserError("usage", "users add needs at least one --role");
      const secret = await password(name.trim().toLowerCase());
      const user = await createUser(db, context, {
        username: name,
        displayName: values.name,
        email: values.email,
        password: secret.text,
        oneTimePassword: secret.made,
        roles: values.role,
        priorityNumbers: priorityNumbers(values.priority),
      });
      return `Added ${user.username}.${secret.made ? ` Their one-time password is: ${secret.text}` : ""}`;
    }
    case "list": {
      const users = await listAccounts(db);
      if (users.length === 0) return "There are no users.";
      return users
        .map((u) => `${u.username}\t${u.displayName}\t${u.roles.join(",") || "(no roles)"}${u.priorityNumbers.length ? `\tpriorities ${u.priorityNumbers.join(",")}` : ""}${u.disabled ? "\tdisabled" : ""}`)
        .join("\n");
    }
    case "disable":
      await disableUser(db, context, { username: needUsername() });
      return `Disabled ${username}; their sessions have ended.`;
    case "enable":
      await enableUser(db, context, { username: needUsername() });
      return `Enabled ${username}; they can sign in again.`;
    case "set-role": {
      const name = needUsername();
      await setRoles(db, context, { username: name }, { roles: values.role ?? [], priorityNumbers: priorityNumbers(values.priority) });
      return `Set the roles of ${name}: ${(values.role ?? []).join(", ") || "none"}.`;
    }
    case "reset-password": {
      const name = needUsername();
      const secret = await password(name.trim().toLowerCase());
      await resetPassword(db, context, { username: name }, secret.text, secret.made);
      return `Reset the password of ${name}; their sessions have ended.${secret.made ? ` Their one-time password is: ${secret.text}` : ""}`;
    }
    default:
      throw new UserError("usage", usersUsage);
  }
}
