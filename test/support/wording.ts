import { readFileSync } from "node:fs";
import { sharedPath } from "./shared.ts";

/** Compares wording, not layout: tags, markdown emphasis, curly quotes and spacing are set aside. */
export function normaliseWording(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]+>/g, " ")
    .replace(/\*+/g, "")
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, "-")
    .replace(/\s+/g, " ")
    .replace(/[.,;:]+$/, "")
    .trim();
}

/** A seed document's wording, normalised, to check typed text against. */
export function seedWording(name: string): string {
  return normaliseWording(readFileSync(sharedPath("seeds", name), "utf8"));
}
