import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./safe-return-path.ts";

/** Where a browser would go if it followed the answer as a Location header from https://waymark.example. */
const followed = (location: string) => new URL(location, "https://waymark.example/sign-in");

describe("the page to return to after signing in", () => {
  it.each([
    ["a page", "/priorities/2", "/priorities/2"],
    ["a page with a query and a fragment", "/measures?priority=3#table", "/measures?priority=3#table"],
    ["non-Latin characters, percent-encoded", "/привет", "/%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82"],
    ["non-Latin-1 in the query", "/search?q=日本", "/search?q=%E6%97%A5%E6%9C%AC"],
    ["spaces and quotes, percent-encoded", '/search?q=a b"<c>', "/search?q=a%20b%22%3Cc%3E"],
    ["encoded slashes, left encoded (a path on this site)", "/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["an encoded tab, left encoded", "/%09/evil.example", "/%09/evil.example"],
    ["dot segments, resolved", "/measures/../priorities/1", "/priorities/1"],
  ])("keeps %s", (_case, value, expected) => {
    const answer = safeReturnPath(value);
    expect(answer).toBe(expected);
    expect(followed(answer).origin).toBe("https://waymark.example");
  });

  it.each([
    ["a tab (the query string's /%09/ decoded)", "/\t/evil.example"],
    ["a carriage return and line feed", "/priorities\r\nSet-Cookie: stolen=1"],
    ["a line feed", "/\n/evil.example"],
    ["a NUL", "/priorities\u0000/1"],
    ["a protocol-relative address", "//evil.example"],
    ["a slash and a backslash", "/\\evil.example"],
    ["a backslash and a slash", "\\/evil.example"],
    ["two backslashes", "\\\\evil.example"],
    ["a slash, backslash, slash", "/\\/evil.example"],
    ["dot segments that leave two slashes", "/..//evil.example"],
    ["dot segments before a backslash", "/./\\evil.example"],
    ["an absolute address", "https://evil.example/"],
    ["an absolute address of another scheme", "javascript:alert(1)"],
    ["javascript: after a slash-less start", "JaVaScRiPt:alert(1)"],
    ["a data: address", "data:text/html,<script>alert(1)</script>"],
    ["a relative path without a slash", "evil.example"],
    ["an empty value", ""],
    ["a value that is not text", ["/priorities/1"]],
    ["nothing", undefined],
    ["a path too long to be one the app sent", `/${"a".repeat(3000)}`],
  ])("refuses %s, answering /", (_case, value) => {
    expect(safeReturnPath(value)).toBe("/");
  });

  it("always answers something safe in a Location header: printable ASCII only, on this site", () => {
    const hostile = ["/%09/evil.example", "/привет?q=ü#ä", "/a b", "/\u00e9", "/\u2028x", "/\ud83d\ude00", "/%5C%5Cevil.example", "/@evil.example", "/:@evil.example"];
    for (const value of hostile) {
      const answer = safeReturnPath(value);
      expect(answer).toMatch(/^\/[\x21-\x7e]*$/);
      expect(answer.startsWith("//")).toBe(false);
      expect(followed(answer).origin).toBe("https://waymark.example");
    }
  });
});
