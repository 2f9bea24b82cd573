import { describe, expect, it } from "vitest";
import { hashPassword, makeOneTimePassword, passwordMatches, passwordProblem } from "./passwords.ts";

describe("password rules", () => {
  it.each([
    ["short1", "Password must be 12 characters or more"],
    ["elevenchars", "Password must be 12 characters or more"],
    ["Password1234", "Password is too common: choose one that is harder to guess"],
    ["aaaaaaaaaaaaaa", "Password is too common: choose one that is harder to guess"],
    ["x".repeat(129), "Password must be 128 characters or fewer"],
    ["my-waymark-password", "Password must not contain the name of the service"],
    ["kettle river lantern", null],
    ["twelve chars", null],
  ])("judges %j: %s", (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it("refuses a password that contains the username", () => {
    expect(passwordProblem("jsmith-kettle-river", "JSmith")).toBe("Password must not contain your username");
  });

  it("asks for no mix of digits, capitals or symbols", () => {
    expect(passwordProblem("all lower case words here")).toBeNull();
  });
});

describe("password hashing", () => {
  it("hashes with argon2id and verifies only the same password", async () => {
    const stored = await hashPassword("kettle river lantern");
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(await passwordMatches(stored, "kettle river lantern")).toBe(true);
    expect(await passwordMatches(stored, "kettle river lanterN")).toBe(false);
    expect(await passwordMatches("not a hash", "anything")).toBe(false);
  });
});

describe("one-time passwords", () => {
  it("are 20 characters of an alphabet without look-alike letters, different each time, and keep the rules", () => {
    const made = Array.from({ length: 50 }, () => makeOneTimePassword("jsmith"));
    for (const password of made) {
      expect(password).toMatch(/^[a-hjkmnp-z2-9-]{20}$/);
      expect(passwordProblem(password, "jsmith")).toBeNull();
    }
    expect(new Set(made).size).toBe(made.length);
  });

  it("never holds the username, however short", () => {
    // With a one-letter name nearly every draw holds it; the generator draws until one does not.
    for (let i = 0; i < 20; i += 1) expect(makeOneTimePassword("a")).not.toContain("a");
  });
});
