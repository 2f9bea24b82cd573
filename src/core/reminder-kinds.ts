/** The fixed lists reminders are described by, as the database stores them; the order is the database's. */

/** A lead's reminder of the update they owe for a period, or an approver's daily list of what waits for them. */
export const reminderKinds = ["update_due", "approval_digest"] as const;
export type ReminderKind = (typeof reminderKinds)[number];

/**
 * sending: claimed by a run that is sending it now; sent; held: not emailed (no mail server is
 * configured, or the account has no email address), kept for administrators to read; failed: the
 * mail server refused it or did not answer, tried again on the next run that finds it due.
 */
export const reminderStatuses = ["sending", "sent", "held", "failed"] as const;
export type ReminderStatus = (typeof reminderStatuses)[number];
