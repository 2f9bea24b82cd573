import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Database } from "../db/client.ts";
import { readDataVersionsFingerprint } from "../db/data-versions.ts";

declare module "fastify" {
  interface FastifyRequest {
    /**
     * The data versions' fingerprint as this request began (db/data-versions.ts): read with the
     * session when there is one, otherwise when first asked for, and the same for the whole request.
     */
    dataVersions(): Promise<string>;
  }
}

/** Gives each request its data versions' fingerprint, read at most once; registered before the session is loaded. */
export function dataVersionsPerRequest(app: FastifyInstance, db: Database): void {
  app.decorateRequest("dataVersions", function unresolved(): Promise<string> {
    throw new Error("The data versions are read only once the request has begun");
  });
  app.addHook("onRequest", async (request) => {
    let read: Promise<string> | undefined;
    request.dataVersions = () => (read ??= readDataVersionsFingerprint(db));
  });
}

/** The fingerprint read already, with the session: the request need not read it again. */
export function dataVersionsKnown(request: FastifyRequest, fingerprint: string): void {
  const known = Promise.resolve(fingerprint);
  request.dataVersions = () => known;
}
