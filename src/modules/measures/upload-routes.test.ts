import { spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { sessionCookieName } from "../access/index.ts";
import { page } from "../../../test/support/html.ts";
import { signedIn, type Client } from "../../../test/support/session.ts";
import { upload } from "../../../test/support/upload.ts";
import { useTestApp } from "../../../test/support/app.ts";

/**
 * The upload routes on a real listening server: who may send a file is checked before its body
 * is read, a file too large gets a page that says the real limit, and the server goes on
 * answering while a large file is read and checked.
 */
const testApp = useTestApp({ data: "demo", chromium: null });
let base: string;
let analyst: Client;
let viewer: Client;

beforeAll(async () => {
  await testApp.app.listen({ port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${String((testApp.app.server.address() as AddressInfo).port)}`;
  analyst = await signedIn(testApp.app, "analyst");
  viewer = await signedIn(testApp.app, "viewer");
});

const uploadRoutes = ["/measures/import", "/measures/benchmarks/import", "/measures/reference-data/neighbours", "/measures/reference-data/ofsted"];

/**
 * Starts a multipart upload that sends 4 MB and then never ends, and resolves with the answer's
 * status and how many bytes the server had taken by then: a server that read the body first would
 * never answer.
 */
function endlessUpload(path: string, cookie?: string): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const request = httpRequest(url, { method: "POST", headers: { "content-type": "multipart/form-data; boundary=x", ...(cookie ? { cookie: `${sessionCookieName}=${cookie}` } : {}) } });
    let sent = 0;
    request.on("response", (response) => {
      resolve({ status: response.statusCode ?? 0, sent });
      response.resume();
      request.destroy();
    });
    request.on("error", (error) => (sent > 0 ? undefined : reject(error)));
    request.write('--x\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n');
    const chunk = Buffer.alloc(64 * 1024, "a,b,c\n");
    for (let i = 0; i < 64; i++) {
      request.write(chunk);
      sent += chunk.length;
    }
    setTimeout(() => reject(new Error(`no answer from ${path} while its body was still coming`)), 10_000).unref();
  });
}

describe("who may upload, checked before the file is read", () => {
  it.each(uploadRoutes)("sends someone not signed in from %s to sign in without reading the file", async (path) => {
    const { status } = await endlessUpload(path);
    expect(status).toBe(303);
  });

  it.each(uploadRoutes)("refuses a viewer at %s without reading the file", async (path) => {
    const { status } = await endlessUpload(path, viewer.cookie);
    expect(status).toBe(403);
  });
});

describe("a file or form that is too large", () => {
  it("says files must be under 10 MB", async () => {
    const response = await upload(testApp.app, analyst, "/measures/import", { name: "values.csv", content: Buffer.alloc(10 * 1024 * 1024 + 1, "a") });
    expect(response.statusCode).toBe(413);
    expect(page(response.body).text).toContain("Files must be under 10 MB. Nothing was imported.");
  });

  it("says forms must be under 1 MB", async () => {
    const response = await testApp.app.inject({
      method: "POST",
      url: "/measures/entry",
      payload: `note=${"a".repeat(1024 * 1024)}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      cookies: { [sessionCookieName]: analyst.cookie ?? "" },
    });
    expect(response.statusCode).toBe(413);
    expect(page(response.body).text).toContain("Forms must be under 1 MB. Nothing was saved.");
  });
});

/** Uploads a file from another process while it asks for /health every 20 ms, so a server that stalls cannot hide it. */
function uploadWhileWatching(path: string, cookie: string, csrf: string, fileName: string, content: string): Promise<{ status: number; body: string; health: number[] }> {
  const script = `
    const [base, path, cookie, csrf, fileName] = process.argv.slice(1);
    const chunks = []; process.stdin.on("data", (c) => chunks.push(c)); process.stdin.on("end", async () => {
      const form = new FormData();
      form.append("_csrf", csrf);
      form.append("file", new Blob([Buffer.concat(chunks)]), fileName);
      const health = []; let done = false;
      const watching = (async () => { while (!done) { const t = performance.now(); await (await fetch(base + "/health")).text(); health.push(performance.now() - t); await new Promise((r) => setTimeout(r, 20)); } })();
      const response = await fetch(base + path, { method: "POST", body: form, headers: { cookie } });
      const body = await response.text(); done = true; await watching;
      process.stdout.write(JSON.stringify({ status: response.status, body, health }));
    });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", script, base, path, cookie, csrf, fileName], { stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out) as { status: number; body: string; health: number[] }) : reject(new Error(`the upload process exited ${String(code)}`))));
    child.stdin.end(content);
  });
}

describe("a large file of bad rows", () => {
  it("is refused with the first 100 problems and a count of the rest, while /health goes on answering within 100 ms", async () => {
    // Each row has two problems: a date that is not a day, and a value that is not a number.
    const rows = Array.from({ length: 100_000 }, (_, i) => `NOPE${String(i)},2025-13-45,x,,,final,${"n".repeat(70)}`);
    const file = `measure_code,period_end,value,numerator,denominator,status,note\n${rows.join("\n")}\n`;
    expect(file.length).toBeGreaterThan(9.5 * 1024 * 1024);
    expect(file.length).toBeLessThan(10 * 1024 * 1024);
    const csrf = page((await analyst.get("/measures/import")).body).document.querySelector('input[name="_csrf"]')?.getAttribute("value") ?? "";
    const { status, body, health } = await uploadWhileWatching("/measures/import", `${sessionCookieName}=${analyst.cookie ?? ""}`, csrf, "bad-rows.csv", file);
    expect(status).toBe(400);
    const shown = page(body);
    expect(shown.document.querySelectorAll("tbody tr")).toHaveLength(100);
    expect(shown.text).toContain("Correct these 200,000 problems (the first 100 are listed) in the file and import it again.");
    expect(shown.text).toContain("… and 199,900 more problems");
    expect(body.length).toBeLessThan(100_000);
    // The server is never held up: /health answers within 100 ms, allowing one in twenty a little
    // longer for a machine whose processors are busy with other work (the test runs beside others).
    expect(health.length).toBeGreaterThan(20);
    expect(health.filter((ms) => ms >= 100).length).toBeLessThanOrEqual(Math.floor(health.length / 20));
    expect(Math.max(...health)).toBeLessThan(500);
  });
});
