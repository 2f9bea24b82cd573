/** The kinds of report Waymark writes, as the database stores them; the order is the database's. */
export const reportKinds = ["scrutiny", "year-review", "board-pack", "cabinet", "learning"] as const;
export type ReportKind = (typeof reportKinds)[number];
