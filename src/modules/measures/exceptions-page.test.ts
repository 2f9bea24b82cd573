import { describe, expect, it } from "vitest";
import { page } from "../../../test/support/html.ts";
import { signedIn } from "../../../test/support/session.ts";
import { useTestApp } from "../../../test/support/app.ts";

const testApp = useTestApp({ data: "demo" });

describe("the data exceptions page", () => {
  it("shows the RAG key once, below the page heading", async () => {
    const viewer = await signedIn(testApp.app, "viewer");
    const { document } = page((await viewer.get("/measures/exceptions")).body);
    const keys = [...document.querySelectorAll(".waymark-rag-key")];
    const headings = [...document.querySelectorAll("h2")].filter((h) => h.textContent.trim() === "How RAG is judged");
    expect(keys).toHaveLength(1);
    expect(headings).toHaveLength(1);
    expect(document.querySelectorAll("#key")).toHaveLength(1);
    const h1 = document.querySelector("h1");
    expect(h1?.textContent).toBe("Data exceptions");
    // Each comes after the h1 in the page (DOCUMENT_POSITION_FOLLOWING).
    for (const element of [...keys, ...headings]) expect((h1?.compareDocumentPosition(element) ?? 0) & 4, "after the heading").toBe(4);
  });
});
