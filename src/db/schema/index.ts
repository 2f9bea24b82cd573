export * from "./plan.ts";
export * from "./access.ts";
export * from "./progress.ts";
export * from "./measures.ts";
export * from "./versions.ts";
export * from "./reports.ts";
export * from "./reminders.ts";
export * from "./forms.ts";
