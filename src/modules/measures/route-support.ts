import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { ragLabels } from "../../core/rag.ts";
import { formValues } from "../../web/forms.ts";
import { paramsOf } from "../../web/inputs.ts";
import { oglNotice } from "./ogl.ts";
import { measureParams } from "./schemas.ts";
import { assuranceLabels, variationLabels } from "./service.ts";

/** The policies the measures pages name: reading the plan, and managing its measures. */
export const read = { config: { policy: "plan:read" as const } };
export const manage = { config: { policy: "measures:manage" as const } };

/** The words the measures pages give RAG ratings, SPC variation and assurance, and the licence notice. */
export const vocabulary = { ragLabels, variationLabels, assuranceLabels, oglNotice };

export function actorOf(request: FastifyRequest) {
  if (!request.actor) throw new Error("measure pages need a signed-in actor");
  return request.actor;
}

/** The measure code an address names, or null when it is not a real one (the page is not found). */
export function measureCodeOf(request: FastifyRequest): string | null {
  return paramsOf(request, measureParams)?.code ?? null;
}

/** A posted form's fields by name, as typed, for a form to show again; anything else gives no fields. */
export const bodyOf = formValues;

const savedQuery = z.object({ saved: z.unknown() }).catch({ saved: undefined });

/** Whether the address says a save just happened (`?saved=1`), for the page's success banner. */
export function savedOf(request: FastifyRequest): boolean {
  return savedQuery.parse(request.query).saved === "1";
}
