import { describe, expect, it } from "vitest";
import { cutAtMarks, fillMarks, KeptPages, pageMarks, type DrawnPage } from "./kept-pages.ts";

const drawn = (html: string): DrawnPage => cutAtMarks(html);

describe("a page drawn with marks", () => {
  it.each([
    ["no marks", "<p>Scorecard</p>", "<p>Scorecard</p>"],
    ["a form token", `<input name="_csrf" value="${pageMarks.csrfToken}">`, '<input name="_csrf" value="token-1">'],
    ["a nonce at each end", `${pageMarks.cspNonce}<main>${pageMarks.cspNonce}`, "nonce-1<main>nonce-1"],
    ["characters beyond ASCII", `<p>Young people’s voice — ${pageMarks.csrfToken} £</p>`, "<p>Young people’s voice — token-1 £</p>"],
    ["both, several times", `<script nonce="${pageMarks.cspNonce}"></script><form>${pageMarks.csrfToken}</form><form>${pageMarks.csrfToken}</form>`, '<script nonce="nonce-1"></script><form>token-1</form><form>token-1</form>'],
    ["only marks", `${pageMarks.csrfToken}${pageMarks.cspNonce}`, "token-1nonce-1"],
  ])("is sent with each request's own values: %s", (_case, html, sent) => {
    expect(fillMarks(drawn(html), { csrfToken: "token-1", cspNonce: "nonce-1" }).toString()).toBe(sent);
  });

  it("gives two requests their own token from one drawing", () => {
    const page = drawn(`<form>${pageMarks.csrfToken}</form>`);
    expect(fillMarks(page, { csrfToken: "a", cspNonce: "" }).toString()).toBe("<form>a</form>");
    expect(fillMarks(page, { csrfToken: "b", cspNonce: "" }).toString()).toBe("<form>b</form>");
  });
});

describe("kept pages", () => {
  const page = (text: string) => Promise.resolve(drawn(text));

  it("draws a page once and sends the same page while its key is unchanged", async () => {
    const pages = new KeptPages(1024);
    let drawings = 0;
    const draw = () => {
      drawings += 1;
      return page("<p>one</p>");
    };
    await pages.page("a", draw);
    const again = await pages.page("a", draw);
    expect(drawings).toBe(1);
    expect(again && fillMarks(again, { csrfToken: "", cspNonce: "" }).toString()).toBe("<p>one</p>");
  });

  it("shares one drawing between two requests that arrive together", async () => {
    const pages = new KeptPages(1024);
    let drawings = 0;
    const draw = async () => {
      drawings += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return drawn("<p>shared</p>");
    };
    const [first, second] = await Promise.all([pages.page("a", draw), pages.page("a", draw)]);
    expect(drawings).toBe(1);
    expect(first).toBe(second);
  });

  it("keeps nothing for a page with nothing to show, or one whose drawing failed", async () => {
    const pages = new KeptPages(1024);
    expect(await pages.page("missing", () => Promise.resolve(null))).toBeNull();
    await expect(pages.page("broken", () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    await Promise.resolve();
    expect(pages.size).toBe(0);
    expect(await pages.page("broken", () => page("<p>back</p>"))).not.toBeNull();
    expect(pages.size).toBe(1);
  });

  it("gives up the least recently used pages beyond its size", async () => {
    // Each page is 10 bytes: three fit in 30.
    const pages = new KeptPages(30);
    for (const key of ["a", "b", "c"]) await pages.page(key, () => page("0123456789"));
    await pages.page("a", () => page("0123456789"));
    await pages.page("d", () => page("0123456789"));
    await Promise.resolve();
    let redrawn: string[] = [];
    for (const key of ["a", "b", "c", "d"]) {
      await pages.page(key, () => {
        redrawn = [...redrawn, key];
        return page("0123456789");
      });
    }
    // "b" was the least recently used when "d" came; asking for it again gave up "c", and so on.
    expect(redrawn[0]).toBe("b");
    expect(pages.size).toBe(3);
  });
});
