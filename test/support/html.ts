import { parseHTML } from "linkedom";

/** Parses a page so tests can read it as a user would: headings, links, text. */
export function page(html: string) {
  const { document } = parseHTML(html);
  const texts = (selector: string) => [...document.querySelectorAll(selector)].map((e) => (e.textContent ?? "").replace(/\s+/g, " ").trim());
  return {
    document,
    title: document.title.replace(/\s+/g, " ").trim(),
    h1: texts("h1")[0] ?? "",
    texts,
    text: (document.querySelector("main")?.textContent ?? "").replace(/\s+/g, " "),
    links: [...document.querySelectorAll("a")].map((a) => ({ text: (a.textContent ?? "").replace(/\s+/g, " ").trim(), href: a.getAttribute("href") ?? "" })),
  };
}
