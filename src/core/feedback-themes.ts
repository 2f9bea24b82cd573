import { suppressSmallCount } from "./suppression.ts";

/**
 * What children, young people and families say of the help they get, coded as a strength or
 * something to strengthen and by theme, so that a quarter's feedback reads as councils report it:
 * what families said was good, and what they said should be stronger, theme by theme.
 */

export const feedbackKinds = ["strength", "to-strengthen"] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];

export const feedbackKindLabels: Record<FeedbackKind, string> = {
  strength: "A strength",
  "to-strengthen": "Something to strengthen",
};

/** The themes, in the order pages list them: the relationship first, then the plan and meetings, then the rest of the child's life. */
export const feedbackThemes = [
  "being-listened-to",
  "relationships-with-workers",
  "not-being-judged",
  "kindness-and-care",
  "being-seen",
  "understanding-the-plan",
  "meetings-and-reviews",
  "health",
  "education",
  "help-from-other-services",
] as const;
export type FeedbackTheme = (typeof feedbackThemes)[number];

export const feedbackThemeLabels: Record<FeedbackTheme, string> = {
  "being-listened-to": "Being listened to",
  "relationships-with-workers": "Relationships with workers",
  "not-being-judged": "Not being judged",
  "kindness-and-care": "Kindness and care",
  "being-seen": "Being seen",
  "understanding-the-plan": "Understanding why a worker is involved, and the plan",
  "meetings-and-reviews": "Meetings and reviews",
  health: "Health",
  education: "Education",
  "help-from-other-services": "Help from other services and specialist teams",
};

export const feedbackGivers = ["child", "parent", "carer", "family"] as const;
export type FeedbackGiver = (typeof feedbackGivers)[number];

export const feedbackGiverLabels: Record<FeedbackGiver, string> = {
  child: "A child or young person",
  parent: "A parent",
  carer: "A carer",
  family: "A family",
};

/** Feedback gathered across a council's whole audit programme belongs to no one service area: it is kept as this. */
export const acrossServiceAreas = "Across the service";

/** Where feedback was gathered: in a case audit's conversation with the family, in a practice week, or across the audit programme of a period. */
export const feedbackSources = ["case-audit", "practice-week", "audit-programme"] as const;
export type FeedbackSource = (typeof feedbackSources)[number];

export const feedbackSourceLabels: Record<FeedbackSource, string> = {
  "case-audit": "A case audit",
  "practice-week": "A practice week",
  "audit-programme": "The audit programme",
};

/** One theme's feedback of one kind: how many items, and the items where they may be read. */
export interface ThemeGroup<T> {
  theme: FeedbackTheme;
  label: string;
  count: number | "c";
  items: T[];
}

/**
 * Feedback of each kind grouped by theme: the themes with any, most items first (ties in the
 * themes' order). With `suppress`, counts from 1 to threshold − 1 are "c" and no item is given.
 */
export function feedbackByTheme<T extends { kind: FeedbackKind; theme: FeedbackTheme }>(
  items: readonly T[],
  { suppress, threshold = 5 }: { suppress: boolean; threshold?: number },
): Record<FeedbackKind, ThemeGroup<T>[]> {
  const group = (kind: FeedbackKind) =>
    feedbackThemes
      .map((theme) => ({ theme, items: items.filter((item) => item.kind === kind && item.theme === theme) }))
      .filter((g) => g.items.length > 0)
      .sort((a, b) => b.items.length - a.items.length || feedbackThemes.indexOf(a.theme) - feedbackThemes.indexOf(b.theme))
      .map((g) => ({ theme: g.theme, label: feedbackThemeLabels[g.theme], count: suppress ? suppressSmallCount(g.items.length, threshold) : g.items.length, items: suppress ? [] : g.items }));
  return { strength: group("strength"), "to-strengthen": group("to-strengthen") };
}

/** One theme's counts of each kind, as a table row; "c" where suppressed. */
export interface ThemeCounts {
  theme: FeedbackTheme;
  label: string;
  strengths: number | "c";
  toStrengthen: number | "c";
}

/**
 * The counts of strengths and things to strengthen by theme, for the themes with any, in the
 * themes' order. With `suppress`, counts from 1 to threshold − 1 are "c"; none is worked out from
 * another, as no totals are given beside them.
 */
export function feedbackCountsByTheme(items: readonly { kind: FeedbackKind; theme: FeedbackTheme }[], { suppress, threshold = 5 }: { suppress: boolean; threshold?: number }): ThemeCounts[] {
  const shown = (n: number) => (suppress && n > 0 ? suppressSmallCount(n, threshold) : n);
  return feedbackThemes
    .map((theme) => {
      const ofTheme = items.filter((item) => item.theme === theme);
      return { theme, label: feedbackThemeLabels[theme], all: ofTheme.length, strengths: ofTheme.filter((i) => i.kind === "strength").length, toStrengthen: ofTheme.filter((i) => i.kind === "to-strengthen").length };
    })
    .filter((row) => row.all > 0)
    .map(({ theme, label, strengths, toStrengthen }) => ({ theme, label, strengths: shown(strengths), toStrengthen: shown(toStrengthen) }));
}
