/**
 * What a search box's words mean to the full-text search. Its syntax (PostgreSQL's
 * `websearch_to_tsquery`) reads a word after a minus as a word to leave out, and does so even
 * when the minus stands alone: a title pasted as "Children's Services 2024 - 27" would find
 * everything about 2024 except what mentions 27, so never its own report. A dash standing alone
 * between words (hyphen, en dash, em dash or minus sign) is punctuation, not "leave out"; a minus
 * written against a word ("caseload -fostering") still leaves the word out.
 */
export function searchTerms(query: string): string {
  return query.replace(/(^|\s)[-\u2010-\u2015\u2212]+(?=\s|$)/g, "$1").replace(/\s+/g, " ").trim();
}
