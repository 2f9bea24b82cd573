import { describe, expect, it } from "vitest";
import { feedbackByTheme, feedbackCountsByTheme, feedbackThemeLabels, feedbackThemes, type FeedbackKind, type FeedbackTheme } from "./feedback-themes.ts";

const item = (kind: FeedbackKind, theme: FeedbackTheme, words = theme) => ({ kind, theme, words });

describe("the themes", () => {
  it("each have their own words", () => {
    const labels = feedbackThemes.map((t) => feedbackThemeLabels[t]);
    expect(new Set(labels).size).toBe(feedbackThemes.length);
  });
});

describe("feedback grouped by theme", () => {
  it("is nothing for no feedback", () => {
    expect(feedbackByTheme([], { suppress: false })).toEqual({ strength: [], "to-strengthen": [] });
  });

  it("puts each kind apart, most items first, ties in the themes' order", () => {
    const items = [item("strength", "health"), item("strength", "kindness-and-care"), item("strength", "kindness-and-care"), item("strength", "being-listened-to"), item("to-strengthen", "being-listened-to")];
    const grouped = feedbackByTheme(items, { suppress: false });
    expect(grouped.strength.map((g) => [g.theme, g.count])).toEqual([["kindness-and-care", 2], ["being-listened-to", 1], ["health", 1]]);
    expect(grouped["to-strengthen"].map((g) => [g.label, g.count, g.items.length])).toEqual([["Being listened to", 1, 1]]);
  });

  it.each<[string, number, number | "c"]>([
    ["one item", 1, "c"],
    ["four items", 4, "c"],
    ["five items", 5, 5],
  ])("suppressed, shows %s as its count and no item", (_name, n, count) => {
    const grouped = feedbackByTheme(Array.from({ length: n }, () => item("strength", "education")), { suppress: true });
    expect(grouped.strength).toEqual([{ theme: "education", label: "Education", count, items: [] }]);
  });
});

describe("feedback counted by theme", () => {
  const items = [...Array.from({ length: 5 }, () => item("strength", "health")), item("to-strengthen", "health"), item("to-strengthen", "being-seen")];
  it("gives each theme with feedback its two counts, in the themes' order", () => {
    expect(feedbackCountsByTheme(items, { suppress: false })).toEqual([
      { theme: "being-seen", label: "Being seen", strengths: 0, toStrengthen: 1 },
      { theme: "health", label: "Health", strengths: 5, toStrengthen: 1 },
    ]);
  });

  it("suppresses counts from 1 to 4, never 0 or 5", () => {
    expect(feedbackCountsByTheme(items, { suppress: true }).map((r) => [r.strengths, r.toStrengthen])).toEqual([
      [0, "c"],
      [5, "c"],
    ]);
  });
});
