export * from "./plan.ts";
export * from "./access.ts";
