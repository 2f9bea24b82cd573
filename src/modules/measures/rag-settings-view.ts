import { ragRuleInWords } from "../../core/rag.ts";
import { vocabulary } from "./route-support.ts";
import type { RagSettings } from "./service.ts";

/** The RAG rule form's values for the rule as it is saved. */
export function settingsValues(settings: RagSettings) {
  return {
    amberRule: settings.rule.amber,
    amberPercent: String(settings.rule.percent),
    onTargetGreen: settings.rule.onTargetGreen ? "yes" : "no",
    version: settings.version,
  };
}

/** The page of the council's RAG rule; `extra` adds a saved banner, a form's errors or a conflict. */
export function settingsPage(settings: RagSettings, values: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    pageTitle: "How RAG is judged",
    section: "measures",
    settings,
    ragRuleWords: ragRuleInWords(settings.rule),
    values,
    ...vocabulary,
    ...extra,
  };
}
