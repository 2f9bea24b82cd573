import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Clock } from "../core/clock.ts";
import { londonDateOf } from "../core/values-as-at.ts";
import { cutAtMarks, fillMarks, KeptPages, pageMarks, type MarkValues } from "./kept-pages.ts";
import type { Renderer } from "./render.ts";
import "./types.ts";

/** Pages kept as drawn (see kept-pages.ts): a scorecard page is about 50 kB, so some hundreds of pages. */
const keptPageBytes = 32 * 1024 * 1024;

export interface PageRenderingOptions {
  renderView: Renderer;
  /** A page's whole context: its own, with what every page is drawn with (the layout's), and the form token and nonce given. */
  pageContext(request: FastifyRequest, context: Record<string, unknown>, marks: MarkValues): Promise<Record<string, unknown>>;
  clock: Clock;
}

/** The replies' `render` (a page drawn for this request) and `renderKept` (a page kept as drawn while its data is unchanged). */
export function pageRendering(app: FastifyInstance, { renderView, pageContext, clock }: PageRenderingOptions): void {
  const marksOf = (reply: FastifyReply): MarkValues => ({ csrfToken: reply.request.session?.row.csrfToken ?? "", cspNonce: reply.cspNonce?.script ?? "" });

  app.decorateReply("render", async function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    const html = renderView(template, await pageContext(this.request, context, marksOf(this)));
    return this.type("text/html; charset=utf-8").send(html);
  });

  const keptPages = new KeptPages(keptPageBytes);
  // The day in England, worked out again only when the minute changes: England's offsets from UTC are whole hours.
  let today = { minute: NaN, day: "" };
  const londonToday = () => {
    const minute = Math.floor(clock.now().getTime() / 60_000);
    if (minute !== today.minute) today = { minute, day: londonDateOf(new Date(minute * 60_000)) };
    return today.day;
  };

  app.decorateReply("renderKept", async function (this: FastifyReply, template: string, context: () => Promise<Record<string, unknown> | null>, otherwise?: () => Promise<FastifyReply>) {
    const request = this.request;
    // Everything the page is drawn from: its address (with its query), the data, the day (pages
    // say what is due or late), and who is looking (their name, roles and priorities).
    const key = [template, request.url, await request.dataVersions(), londonToday(), JSON.stringify(request.actor)].join("\n");
    const page = await keptPages.page(key, async () => {
      const own = await context();
      return own && cutAtMarks(renderView(template, await pageContext(request, own, pageMarks)));
    });
    if (page) return this.type("text/html; charset=utf-8").send(fillMarks(page, marksOf(this)));
    if (otherwise) return otherwise();
    this.callNotFound();
    return this;
  });
}
