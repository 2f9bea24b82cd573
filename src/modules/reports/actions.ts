/** The actions of the reports module that routes name as their rule; their roles are in the access module's policy. */
export const reportsActions = ["reports:read", "reports:write", "reports:issue"] as const;

declare module "../access/index.ts" {
  interface ModuleActions {
    reports: typeof reportsActions;
  }
}
