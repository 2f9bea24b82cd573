import type { z } from "zod";

/** What a form page needs to show its errors: a summary linking to each field, and each field's message. */
export interface FormErrors {
  summary: { text: string; href: string }[];
  fields: Record<string, string>;
}

export function formErrors(error: z.ZodError): FormErrors {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    fields[field] ??= issue.message;
  }
  return fieldErrors(fields);
}

export function fieldErrors(fields: Record<string, string>): FormErrors {
  return { fields, summary: Object.entries(fields).map(([field, text]) => ({ text, href: `#${field}` })) };
}
