/**
 * Published numbers as DfE writes them: a symbol instead of a number where a figure is suppressed,
 * not applicable, rounds to zero or is not available. A symbol is never read as zero.
 */
export const suppressionSymbols = {
  c: "Confidential (suppressed to protect individuals)",
  z: "Not applicable",
  k: "Rounds to zero",
  x: "Not available",
  low: "Low (suppressed)",
  u: "Low reliability",
} as const;

export type SuppressionSymbol = keyof typeof suppressionSymbols;

/** A published symbol with what it means ("c: Confidential …"); `unknown` stands for a symbol DfE does not define. */
export function symbolInWords(symbol: string, unknown: string): string {
  const meaning: string | undefined = Object.hasOwn(suppressionSymbols, symbol) ? suppressionSymbols[symbol as SuppressionSymbol] : undefined;
  return `${symbol}: ${meaning ?? unknown}`;
}

export interface PublishedValue {
  value: number | null;
  symbol: SuppressionSymbol | null;
  problem?: string;
}

// Digits with an optional decimal part; commas only as thousands separators ("12,345.6", not "12,34").
const NUMBER = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

function isSymbol(text: string): text is SuppressionSymbol {
  return Object.hasOwn(suppressionSymbols, text);
}

/** Reads one cell of a DfE published table: a number, a disclosure symbol (never zero), blank, or a problem to report. */
export function readPublishedValue(raw: string): PublishedValue {
  const text = raw.trim();
  if (text === "") return { value: null, symbol: null };
  if (NUMBER.test(text)) {
    const value = Number(text.replace(/,/g, ""));
    return { value: value === 0 ? 0 : value, symbol: null };
  }
  const lower = text.toLowerCase();
  if (isSymbol(lower)) return { value: null, symbol: lower };
  return { value: null, symbol: null, problem: "not a number or a known symbol" };
}

/** A count as it may appear in anything public: small counts (1 to threshold − 1) become "c"; zero is shown. */
export function suppressSmallCount(count: number, threshold = 5): number | "c" {
  return count >= 1 && count < threshold ? "c" : count;
}
