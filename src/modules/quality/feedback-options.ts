import { feedbackGiverLabels, feedbackGivers, feedbackKindLabels, feedbackKinds, feedbackThemeLabels, feedbackThemes, type FeedbackGiver, type FeedbackKind, type FeedbackTheme } from "../../core/feedback-themes.ts";

/** The choices of every form that records families' feedback. */
export const feedbackOptions = {
  feedbackKindOptions: feedbackKinds.map((value) => ({ value, text: feedbackKindLabels[value] })),
  feedbackThemeOptions: [{ value: "", text: "Choose a theme" }, ...feedbackThemes.map((value) => ({ value, text: feedbackThemeLabels[value] }))],
  feedbackGiverOptions: feedbackGivers.map((value) => ({ value, text: feedbackGiverLabels[value] })),
};

/** An item of feedback with its codes in words, as a table row shows it. */
export function codedFeedback<T extends { kind: FeedbackKind; theme: FeedbackTheme; givenBy: FeedbackGiver }>(item: T) {
  return { item, kind: feedbackKindLabels[item.kind], theme: feedbackThemeLabels[item.theme], givenBy: feedbackGiverLabels[item.givenBy] };
}
