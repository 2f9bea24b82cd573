/** The actions of the access module that routes name as their rule; their roles are in the access module's policy. */
export const accessActions = ["users:manage", "audit:read"] as const;

declare module "./index.ts" {
  interface ModuleActions {
    access: typeof accessActions;
  }
}
