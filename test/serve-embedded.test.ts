import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockFileName } from "../src/db/data-dir-lock.ts";
import { demoPassword } from "../src/demo/accounts.ts";
import { freePort, startServer, stopServer } from "./support/waymark-process.ts";

/**
 * `waymark serve` on a new embedded data directory, over HTTP as a browser uses it: the database
 * runs in a thread of its own, and what is written through it is there after a restart.
 */
describe("waymark serve on the embedded database", () => {
  let folder: string;
  let server: ChildProcess | undefined;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "waymark-serve-"));
  });

  afterAll(async () => {
    if (server && server.exitCode === null) await stopServer(server);
    rmSync(folder, { recursive: true, force: true });
  });

  it("signs in, shows a page, saves a change, and has it after a restart", async () => {
    const dataDir = join(folder, "data");
    const port = await freePort();
    const environment = { WAYMARK_DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info", REMINDERS: "off" };
    const newPassword = "a-new-password-for-the-test";

    server = await startServer(environment);
    const admin = browser(`http://127.0.0.1:${String(port)}`);
    expect(await admin.signIn("admin", demoPassword)).toBe(303);
    const plan = await admin.get("/");
    expect(plan.status).toBe(200);
    expect(plan.text).toContain("Achieving Excellence");
    const changed = await admin.post("/account/password", { currentPassword: demoPassword, newPassword });
    expect(changed.status).toBe(200);
    expect(changed.text).toContain("Your password has been changed");
    expect((await stopServer(server)).status).toBe(0);
    expect(existsSync(join(dataDir, lockFileName))).toBe(false);
    expect(existsSync(join(dataDir, ".s.PGSQL.5432"))).toBe(false);

    server = await startServer(environment);
    expect(await browser(`http://127.0.0.1:${String(port)}`).signIn("admin", demoPassword)).toBe(401);
    expect(await browser(`http://127.0.0.1:${String(port)}`).signIn("admin", newPassword)).toBe(303);
    expect((await stopServer(server)).status).toBe(0);
  }, 180_000);
});

interface Answer {
  status: number;
  text: string;
}

/** A browser over real HTTP: it keeps its cookies and sends each form's CSRF token back. */
function browser(origin: string) {
  const cookies = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}): Promise<Answer> => {
    const headers = new Headers(init.headers);
    headers.set("cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await fetch(`${origin}${path}`, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return { status: response.status, text: await response.text() };
  };
  const get = (path: string) => request(path);
  /** Posts the form on the page at `path`, with its token. */
  const post = async (path: string, fields: Record<string, string>) => {
    const token = /name="_csrf" value="([^"]+)"/.exec((await get(path)).text)?.[1] ?? "";
    const body = new URLSearchParams({ _csrf: token, ...fields }).toString();
    return request(path, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
  };
  return {
    get,
    post,
    signIn: async (username: string, password: string) => (await post("/sign-in", { username, password })).status,
  };
}
