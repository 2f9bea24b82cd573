import { daysBetween, type Occasion } from "../../core/reminder-schedule.ts";
import { formatDate, formatDateTime } from "../../core/format.ts";

/**
 * The words of each reminder: plain text, in the council's voice. They name priorities, periods,
 * deadlines and the people who wrote updates, and never what an update says: no email carries
 * anything about a child.
 */

export interface Council {
  councilName: string;
  serviceName: string;
}

export interface OwedUpdate {
  number: number;
  title: string;
  state: "missing" | "draft" | "returned";
  /** Where it is written, as an absolute address. */
  link: string;
}

export interface WaitingUpdate {
  periodLabel: string;
  priorityNumber: number;
  priorityTitle: string;
  authorName: string;
  submittedAt: Date | null;
  /** Where it is read and approved, as an absolute address. */
  link: string;
}

export interface Message {
  subject: string;
  body: string;
}

const stateWords: Record<OwedUpdate["state"], string> = {
  missing: "Not started.",
  draft: "A draft is saved but has not been submitted.",
  returned: "Returned for changes: the approver's comment is on the page.",
};

/** "3", "3 and 4", "1, 3 and 4". */
function numbers(list: number[]): string {
  const words = list.map(String);
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1) ?? ""}`;
}

function signOff(council: Council, why: string): string {
  return `${council.serviceName}, ${council.councilName}\n\n${why}`;
}

/** When the updates are due, seen from today: "in 10 days, by 6 February 2026", "by 6 February 2026, 3 days ago". */
function dueWhen(deadline: string, today: string): string {
  const days = daysBetween(today, deadline);
  const date = formatDate(deadline);
  if (days > 1) return `in ${String(days)} days, by ${date}`;
  if (days === 1) return `tomorrow, ${date}`;
  if (days === 0) return `today, ${date}`;
  return `by ${date}, ${String(-days)} ${days === -1 ? "day" : "days"} ago`;
}

/** A priority lead's reminder of the updates they still owe for a period. */
export function updateDueMessage(input: {
  recipientName: string;
  council: Council;
  periodLabel: string;
  planYearLabel: string;
  deadline: string | null;
  asksMilestones: boolean;
  occasion: Occasion;
  today: string;
  owed: OwedUpdate[];
}): Message {
  const { owed, deadline, periodLabel, today } = input;
  const several = owed.length > 1;
  const which = `${several ? "Priorities" : "Priority"} ${numbers(owed.map((o) => o.number))}`;
  const what = several ? "Progress updates" : "Progress update";
  const overdue = deadline !== null && today > deadline;
  const subject = deadline === null ? `${what} for ${periodLabel}: ${which}` : overdue ? `${what} overdue, due by ${formatDate(deadline)}: ${which}` : `${what} due by ${formatDate(deadline)}: ${which}`;

  const yours = `Your progress ${several ? "updates" : "update"} for ${periodLabel}`;
  const due = deadline === null ? "" : `${overdue ? (several ? "were" : "was") : several ? "are" : "is"} due ${dueWhen(deadline, today)}`;
  const notYet = `${several ? "have" : "has"} not yet been submitted`;
  const opening =
    input.occasion.key === "opened"
      ? `Progress updates for ${periodLabel} are now open.${deadline === null ? "" : ` Yours ${due}.`}`
      : overdue
        ? `${yours} ${due}, and ${notYet}. Please submit ${several ? "them" : "it"} as soon as you can.`
        : `${yours} ${due}, and ${notYet}.`;

  const items = owed.map((o) => `Priority ${String(o.number)}: ${o.title}\n${stateWords[o.state]}\nWrite it here: ${o.link}`);
  const paragraphs = [
    `Dear ${input.recipientName},`,
    opening,
    ...items,
    ...(input.asksMilestones ? [`This period also asks for a status for each of the priority's ${input.planYearLabel} milestones, on the same page.`] : []),
    "When your update is ready, submit it for approval. An approver will read it, and it is published once approved.",
    `If you no longer lead ${several ? "one of these priorities" : "this priority"}, please tell your Waymark administrator so that the right person is reminded.`,
    signOff(input.council, "You receive this reminder because you lead these priorities in Waymark."),
  ];
  return { subject, body: `${paragraphs.join("\n\n")}\n` };
}

/** An approver's daily list of the updates that wait for their decision, oldest first. */
export function approvalDigestMessage(input: { recipientName: string; council: Council; waiting: WaitingUpdate[] }): Message {
  const count = input.waiting.length;
  const updates = `${String(count)} progress ${count === 1 ? "update" : "updates"}`;
  const items = input.waiting.map((w) => {
    const when = w.submittedAt ? ` on ${formatDateTime(w.submittedAt)}` : "";
    return `${w.periodLabel}, Priority ${String(w.priorityNumber)}: ${w.priorityTitle}\nSubmitted by ${w.authorName}${when}.\nRead and approve it here: ${w.link}`;
  });
  const paragraphs = [
    `Dear ${input.recipientName},`,
    `${updates} ${count === 1 ? "is" : "are"} waiting for your approval, oldest first:`,
    ...items,
    "Approve an update to publish it, or return it to its lead with a comment saying what needs to change.",
    signOff(input.council, "You receive this list each day that updates wait for approval, because you are an approver in Waymark."),
  ];
  return { subject: `Waiting for your approval: ${updates}`, body: `${paragraphs.join("\n\n")}\n` };
}
