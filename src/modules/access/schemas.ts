import { z } from "zod";
import { recordVersion, text, wholeNumber } from "../../web/inputs.ts";
import { roleNames } from "./roles.ts";

/**
 * The shapes of an account's facts, used by the rules in users.ts (for the command line and the
 * app alike) and by the accounts pages' forms, so both refuse the same things in the same words.
 */

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._@-]{3,64}$/, "Username must be 3 to 64 letters, digits, dots, hyphens, underscores or @");

export const displayNameSchema = text("Name", 200, { required: "Enter the person's name" });

/** Optional; "" when left empty. Only its shape is checked: mail is not sent to it. */
export const emailSchema = text("Email address", 254).refine((value) => value === "" || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), {
  message: "Enter an email address in the right format, like jo.smith@council.example",
});

/** What a set of checkboxes sends: nothing when none is ticked, a value for one, a list for several. */
const ticked = (value: unknown) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]);

const roleList = z.preprocess(ticked, z.array(z.enum(roleNames, { error: "Select roles from the list" }), { error: "Select roles from the list" }));

const priorityList = z.preprocess(
  ticked,
  z.array(wholeNumber("Priority", 1, 999, "Select priorities from the list"), { error: "Select priorities from the list" }),
);

export const noRoleMessage = "Select at least one role";

/** The form that adds an account. */
export const newAccountFormSchema = z.object({
  username: text("Username", 64, { required: "Enter a username" }).pipe(usernameSchema),
  displayName: displayNameSchema,
  email: emailSchema,
  roles: roleList.refine((roles) => roles.length > 0, noRoleMessage),
  priorities: priorityList,
});

/** The form that changes an account's roles, at the version it was read. */
export const rolesFormSchema = z.object({
  roles: roleList,
  priorities: priorityList,
  version: recordVersion(),
});
