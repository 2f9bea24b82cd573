/** The actions of the measures module that routes name as their rule; their roles are in the access module's policy. */
export const measuresActions = ["measures:manage"] as const;

declare module "../access/index.ts" {
  interface ModuleActions {
    measures: typeof measuresActions;
  }
}
