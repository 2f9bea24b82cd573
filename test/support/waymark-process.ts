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
