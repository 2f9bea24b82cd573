import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { MultipartFile } from "@fastify/multipart";
import type { FastifyRequest } from "fastify";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * A route whose files may be large (case records): each is written to a temporary file as it
     * arrives, never held in memory, and its part gives the file's path (`savedTo`).
     */
    uploadsToDisk?: boolean;
  }
  interface FastifyRequest {
    /** The temporary folder a request's files were written to, removed when the request ends. */
    uploadFolder?: string;
  }
}

/** A file part written to disk: where it is. */
export type SavedUpload = MultipartFile & { savedTo?: string };

/**
 * What the app does with each uploaded file as the form arrives: for a route that takes large
 * files, writes it to a temporary file; for every other route, reads it into memory (up to the
 * route's limit), as forms with one small file are read.
 */
export async function receiveUpload(request: FastifyRequest, part: SavedUpload): Promise<void> {
  if (!request.routeOptions.config.uploadsToDisk) {
    await part.toBuffer();
    return;
  }
  request.uploadFolder ??= await mkdtemp(join(tmpdir(), "waymark-upload-"));
  const path = join(request.uploadFolder, randomUUID());
  await pipeline(part.file, createWriteStream(path, { mode: 0o600 }));
  if (part.file.truncated) throw Object.assign(new Error(`${part.filename} is over the route's size limit`), { statusCode: 413 });
  part.savedTo = path;
}

/** Removes a request's temporary files once it has been answered, whatever happened. */
export async function removeUploads(request: FastifyRequest): Promise<void> {
  if (request.uploadFolder) await rm(request.uploadFolder, { recursive: true, force: true });
}
