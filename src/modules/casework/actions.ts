/** The actions of the casework module that routes name as their rule; their roles are in the access module's policy. */
export const caseworkActions = ["casework:import", "casework:read"] as const;

declare module "../access/index.ts" {
  interface ModuleActions {
    casework: typeof caseworkActions;
  }
}
