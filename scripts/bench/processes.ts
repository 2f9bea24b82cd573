import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { freePort } from "../free-port.ts";

/** Processes the benchmark starts: `waymark` as a council runs it, and a bare Fastify server to compare with. */

const waymark = fileURLToPath(new URL("../../bin/waymark.js", import.meta.url));

/** The peak memory of a running process in MB, from /proc (Linux); null elsewhere. */
export function peakRssMb(pid: number): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(pid)}/status`, "utf8"))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

export interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function started(child: ChildProcess, port: number, path: string): Promise<Server> {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${String(port)}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  };
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server stopped with status ${String(child.exitCode)}`);
    try {
      if ((await fetch(`${url}${path}`)).ok) return { url, child, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Starts `waymark serve` (the compiled app) with `env`, and waits until /health answers. */
export async function startWaymark(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [waymark, "serve"], {
    env: { ...process.env, DATABASE_URL: "", PORT: String(port), REMINDERS: "off", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return started(child, port, "/health");
}

/** A Fastify server that answers "hello" and nothing else: the most any Fastify app could serve here. */
export async function startBareFastify(): Promise<Server> {
  const port = await freePort();
  const program = `import Fastify from "fastify";
const app = Fastify({ logger: false });
app.get("/", async () => ({ hello: "world" }));
await app.listen({ port: ${String(port)}, host: "127.0.0.1" });`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", program], { stdio: ["ignore", "ignore", "inherit"], cwd: fileURLToPath(new URL("../../", import.meta.url)) });
  return started(child, port, "/");
}
