/** The actions of the risks module that routes name as their rule; their roles are in the access module's policy. */
export const risksActions = ["risks:read", "risks:record", "risks:manage"] as const;

declare module "../access/index.ts" {
  interface ModuleActions {
    risks: typeof risksActions;
  }
}
