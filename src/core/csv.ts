/**
 * CSV as spreadsheets read it (RFC 4180), safe to open in Excel: a cell that starts with
 * = + - @ (or a tab or carriage return) would run as a formula, so it is prefixed with '.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? notFormula(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** Text for a spreadsheet cell: text that starts as a formula would (= + - @, a tab or a carriage return) is prefixed with ' so it stays text. */
export function notFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
