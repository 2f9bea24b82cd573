/** The actions of the reminders module that routes name as their rule; their roles are in the access module's policy. */
export const remindersActions = ["reminders:read"] as const;

declare module "../access/index.ts" {
  interface ModuleActions {
    reminders: typeof remindersActions;
  }
}
