import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { routeRules } from "../../src/modules/access/index.ts";
import { page } from "./html.ts";

/** A route the app serves, with a pattern that matches its real addresses. */
export interface CrawlRoute {
  method: string;
  url: string;
  params: string[];
  pattern: RegExp;
}

/** The app's routes, from its own access rules, so a route added later is crawled too. */
export function appRoutes(app: FastifyInstance): CrawlRoute[] {
  return routeRules(app).map((r) => {
    const params = [...r.url.matchAll(/:(\w+)/g)].map((m) => m[1] ?? "");
    const source = r.url.replace(/[.]/g, "\\.").replace(/:\w+/g, "([^/]+)");
    return { method: r.method, url: r.url, params, pattern: new RegExp(`^${source}$`) };
  });
}

/** The route an address belongs to: a fixed path ("/measures/entry") wins over a parameter ("/measures/:code"), as in the router. */
export function routeFor(routes: CrawlRoute[], method: string, path: string): CrawlRoute | undefined {
  return routes.filter((r) => r.method === method && r.pattern.test(path)).sort((a, b) => a.params.length - b.params.length)[0];
}

/**
 * The address a link leads to, as a crawl visits it: without its query string (a filter or a sort
 * shows the same records), except a list's page number (`?page=2`), whose records no other
 * address shows.
 */
export function pageToVisit(href: string): string {
  const [path = "", query = ""] = href.split("#")[0]?.split("?") ?? [];
  const pageNumber = new URLSearchParams(query).get("page");
  return pageNumber && /^\d+$/.test(pageNumber) ? `${path}?page=${pageNumber}` : path;
}

/**
 * Visits every address the app links to, as a browser would, from the GET routes that need no
 * parameters: each page, file and download once (query strings aside but a list's page number),
 * calling `visit` with each answer.
 */
export async function crawlEveryPage(
  app: FastifyInstance,
  cookies: Record<string, string>,
  visit: (url: string, response: LightMyRequestResponse) => void | Promise<void>,
): Promise<Set<string>> {
  const routes = appRoutes(app);
  const queue = routes.filter((r) => r.method === "GET" && r.params.length === 0).map((r) => r.url);
  const visited = new Set<string>();
  while (queue.length > 0) {
    const url = queue.shift() ?? "";
    if (visited.has(url)) continue;
    visited.add(url);
    const response = await app.inject({ method: "GET", url, cookies });
    await visit(url, response);
    if (!String(response.headers["content-type"] ?? "").startsWith("text/html")) continue;
    for (const link of page(response.body).document.querySelectorAll("a[href]")) {
      const href = link.getAttribute("href") ?? "";
      if (!href.startsWith("/") || href.startsWith("//")) continue;
      const target = pageToVisit(href);
      if (!visited.has(target) && routeFor(routes, "GET", target.split("?")[0] ?? target)) queue.push(target);
    }
  }
  return visited;
}
