import type { PlanAsAt } from "../plan/index.ts";
import type { Block } from "./document.ts";

/**
 * The plan set out in full, as the appendix of the report that asks Cabinet to agree it: its
 * vision, values and what young people asked of it, then each priority on a page of its own with
 * its vision, key elements, key milestones for each plan year side by side (as the plan's own
 * tables have them) and outcomes.
 */

function priorityBlocks(priority: PlanAsAt["priorities"][number]): Block[] {
  const heading = `Strategic Priority ${String(priority.number)}: ${priority.title}`;
  const blocks: Block[] = [{ kind: "page-break" }, { kind: "heading", level: 2, text: heading }, { kind: "paragraph", label: "Vision:", text: priority.vision }];
  if (priority.keyElements.length > 0) blocks.push({ kind: "heading", level: 3, text: "Key elements" }, { kind: "list", items: priority.keyElements });
  if (priority.enablers.length > 0) blocks.push({ kind: "heading", level: 3, text: "Enablers" }, { kind: "list", items: priority.enablers.map((e) => `${e.name}: ${e.text}`) });
  blocks.push({ kind: "heading", level: 3, text: "Key milestones" });
  if (priority.years.some((y) => y.milestones.length > 0)) {
    blocks.push({
      kind: "table",
      caption: `Strategic Priority ${String(priority.number)}: key milestones for each year of the plan`,
      columns: priority.years.map((y) => y.label),
      widths: priority.years.map(() => 1),
      rows: [priority.years.map((y) => (y.milestones.length > 0 ? { items: y.milestones } : "No milestones set for this year."))],
    });
  } else {
    blocks.push({ kind: "paragraph", text: "No milestones are set for this priority." });
  }
  if (priority.outcomes.length > 0) blocks.push({ kind: "heading", level: 3, text: "Outcomes" }, { kind: "list", items: priority.outcomes });
  return blocks;
}

/** The appendix, headed as the report's appendices table names it ("Appendix A: …"). */
export function planAppendix(heading: string, plan: PlanAsAt): Block[] {
  const { youngPeople } = plan;
  return [
    { kind: "heading", level: 1, text: heading },
    { kind: "paragraph", label: `${plan.title} ${plan.period}:`, text: plan.subtitle },
    { kind: "heading", level: 2, text: "Our vision" },
    { kind: "paragraph", text: plan.vision },
    { kind: "heading", level: 2, text: "Our values" },
    { kind: "paragraph", text: plan.values },
    { kind: "heading", level: 2, text: `What young people asked: ${youngPeople.headline}` },
    { kind: "paragraph", text: youngPeople.statement },
    ...(youngPeople.said.length > 0 ? [{ kind: "paragraph", text: "Young people told us:" } as Block, { kind: "list", items: youngPeople.said } as Block] : []),
    ...plan.priorities.flatMap(priorityBlocks),
  ];
}
