/** The actions of the progress module that routes name as their rule; their roles are in the access module's policy. */
export const progressActions = ["progress:write", "progress:approve", "progress:manage"] as const;

declare module "../access/index.ts" {
  interface ModuleActions {
    progress: typeof progressActions;
  }
}
