import { describe, expect, it } from "vitest";
import { can, decide, type Action } from "./policy.ts";
import type { Actor, Role } from "./roles.ts";

const actor = (roles: Role[], priorityIds: number[] = []): Actor => ({ id: 1, username: "u", displayName: "U", roles, priorityIds });

describe("the policy", () => {
  it.each<[Role, Action, boolean]>([
    ["viewer", "plan:read", true],
    ["viewer", "plan:edit", false],
    ["viewer", "reports:write", false],
    ["viewer", "history:read", false],
    ["plan_editor", "plan:edit", true],
    ["plan_editor", "measures:manage", false],
    ["approver", "progress:approve", true],
    ["approver", "plan:edit", false],
    ["performance_analyst", "reports:write", true],
    ["performance_analyst", "measures:manage", true],
    ["qa_officer", "plan:read", true],
    ["qa_officer", "measures:manage", false],
    ["priority_lead", "progress:write", true],
    ["priority_lead", "progress:approve", false],
    ["administrator", "audit:read", true],
    ["administrator", "reminders:read", true],
    ["plan_editor", "audit:read", false],
  ])("%s may %s: %s", (role, action, expected) => {
    expect(can(actor([role]), action)).toBe(expected);
  });

  it("lets a priority lead write progress only for their own priorities", () => {
    const lead = actor(["priority_lead"], [3]);
    expect(can(lead, "progress:write", { priorityId: 3 })).toBe(true);
    expect(can(lead, "progress:write", { priorityId: 4 })).toBe(false);
  });

  it.each<[Role[], "reports:write" | "reports:issue", "learning" | "scrutiny", boolean]>([
    [["qa_officer"], "reports:write", "learning", true],
    [["qa_officer"], "reports:issue", "learning", true],
    [["qa_officer"], "reports:write", "scrutiny", false],
    [["qa_officer"], "reports:issue", "scrutiny", false],
    [["performance_analyst"], "reports:write", "scrutiny", true],
    [["approver"], "reports:issue", "learning", true],
    [["qa_officer", "approver"], "reports:issue", "scrutiny", true],
  ])("lets %j %s a %s report: %s", (roles, action, reportKind, expected) => {
    expect(can(actor(roles), action, { reportKind })).toBe(expected);
  });

  it("gives a person with several roles the union of them", () => {
    const both = actor(["viewer", "priority_lead"], [4]);
    expect(can(both, "progress:write", { priorityId: 4 })).toBe(true);
    expect(can(both, "plan:edit")).toBe(false);
  });

  it("gives a signed-in person with no roles nothing but their own account", () => {
    expect(decide(actor([]), "plan:read")).toBe("forbid");
    expect(decide(actor([]), "signed-in")).toBe("allow");
  });

  it.each([
    [null, "public", "allow"],
    [null, "plan:read", "sign-in"],
    [null, "signed-in", "sign-in"],
  ] as const)("sends someone not signed in at a %s route to %s", (who, rule, decision) => {
    expect(decide(who, rule)).toBe(decision);
  });
});
