import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The `waymark` command as a council runs it: a process of its own. */
export const waymarkBin = fileURLToPath(new URL("../../bin/waymark.js", import.meta.url));

export interface Finished {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The environment a command runs in: this one's, on the embedded database unless told otherwise. */
function environment(env: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: "", LOG_LEVEL: "warn", ...env };
}

/** Starts `waymark ARGS` in its own process. */
export function startWaymark(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [waymarkBin, ...args], { env: environment(env), stdio: ["ignore", "pipe", "pipe"] });
}

/** Runs `waymark ARGS` to its end and gives back its exit status and what it printed. */
export async function runWaymark(args: string[], env: Record<string, string>): Promise<Finished> {
  const child = startWaymark(args, env);
  return finished(child);
}

/** What a started command printed, once it has ended. */
export function finished(child: ChildProcess): Promise<Finished> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Starts `waymark serve` and answers once it says it is ready (or fails with what it printed). */
export async function startServer(environment: Record<string, string>): Promise<ChildProcess> {
  const child = startWaymark(["serve"], environment);
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start:\n${output}`)), 90_000);
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Waymark is ready")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", listen);
    child.stderr?.on("data", listen);
    child.once("exit", (status) => {
      clearTimeout(timer);
      reject(new Error(`The server stopped with status ${String(status)}:\n${output}`));
    });
  });
  return child;
}

/** Stops a started server as a council's service manager does (SIGTERM), and answers how it ended. */
export async function stopServer(child: ChildProcess): Promise<Finished> {
  const ended = finished(child);
  child.kill("SIGTERM");
  return ended;
}

export { freePort } from "../../scripts/free-port.ts";
