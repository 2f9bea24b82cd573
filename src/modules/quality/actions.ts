/** The actions of the quality module that routes name as their rule; their roles are in the access module's policy. */
export const qualityActions = ["quality:record", "quality:read"] as const;

declare module "../access/index.ts" {
  interface ModuleActions {
    quality: typeof qualityActions;
  }
}
