/** The actions of the plan module that routes name as their rule; their roles are in the access module's policy. */
export const planActions = ["plan:read", "plan:edit", "history:read"] as const;

declare module "../access/index.ts" {
  interface ModuleActions {
    plan: typeof planActions;
  }
}
