import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Clock } from "../../core/clock.ts";
import type { Database } from "../../db/client.ts";
import { safeReturnPath } from "../../web/safe-return-path.ts";
import { fieldErrors, formErrors } from "../../web/forms.ts";
import { text } from "../../web/inputs.ts";
import { clearSessionCookie, ensureSession, setSessionCookie, type SessionSettings } from "./session-cookie.ts";
import { contextOf } from "./audit.ts";
import { afterSignIn, homePath } from "./landing.ts";
import { roleLabels } from "./roles.ts";
import { endSession, rotateSession } from "./sessions.ts";
import { deviceCookieName, deviceTokenFrom, deviceTrustDays } from "./devices.ts";
import { signInWithPassword } from "./sign-in.ts";
import { waitInWords, type Wait } from "./throttle.ts";
import { AccountError, changePassword, listDemoUsers } from "./users.ts";
import { rolesOf } from "./repository.ts";

export interface AccessRouteOptions {
  db: Database;
  session: SessionSettings;
  /** The demo's shared password, shown on the sign-in page only when demonstration accounts exist. */
  demoPassword?: string | undefined;
  oidcButtonText?: string | undefined;
  clock: Clock;
}

const signInForm = z.object({
  username: text("Username", 200, { required: "Enter your username" }),
  password: z.string().min(1, "Enter your password"),
  returnTo: z.string().optional(),
});

const passwordForm = z.object({
  currentPassword: z.string().min(1, "Enter your current password"),
  newPassword: z.string().min(1, "Enter a new password"),
});

export function accessRoutes(app: FastifyInstance, { db, session: settings, demoPassword, oidcButtonText, clock }: AccessRouteOptions): void {
  const signInPage = async (values: { username?: string; returnTo?: string }, extra: Record<string, unknown> = {}) => {
    const demoUsers = demoPassword ? await listDemoUsers(db) : [];
    return {
      pageTitle: "Sign in",
      values,
      returnTo: safeReturnPath(values.returnTo),
      oidcButtonText,
      demoPassword,
      demoUsers: await Promise.all(
        demoUsers.map(async (u) => ({ ...u, roleText: (await rolesOf(db, u.id)).map((r) => roleLabels[r]).join(", ") })),
      ),
      ...extra,
    };
  };

  app.get("/sign-in", { config: { policy: "public" } }, async (request, reply) => {
    if (request.actor) return reply.redirect(homePath, 303);
    await ensureSession(db, request, reply, settings, clock);
    const query = request.query as Record<string, unknown>;
    const notice = query.signedOut === "1" ? "You have signed out" : undefined;
    return reply.render("access/sign-in.njk", await signInPage({ returnTo: typeof query.returnTo === "string" ? query.returnTo : "/" }, { notice }));
  });

  app.post("/sign-in", { config: { policy: "public" } }, async (request, reply) => {
    const form = signInForm.safeParse(request.body);
    const values = { username: String((request.body as Record<string, unknown>)?.username ?? ""), returnTo: String((request.body as Record<string, unknown>)?.returnTo ?? "/") };
    if (!form.success) return reply.code(400).render("access/sign-in.njk", await signInPage(values, { errors: formErrors(form.error) }));
    const result = await signInWithPassword(db, {
      username: form.data.username,
      password: form.data.password,
      address: request.ip,
      deviceToken: deviceTokenFrom(request.cookies[deviceCookieName]),
      correlationId: request.id,
    });
    if (!result.ok) {
      // Usernames are not logged (they are personal data, and sometimes a mistyped password).
      const logThrottle = (wait: Wait, message: string) => request.log.warn({ throttle: { by: wait.scope, failures: wait.failures, waitSeconds: wait.seconds } }, message);
      if (result.reason === "invalid") {
        for (const wait of result.slowed) logThrottle(wait, "sign-in slowed: too many failed attempts");
        return reply.code(401).render("access/sign-in.njk", await signInPage(values, { errors: fieldErrors({ username: "Enter a correct username and password" }) }));
      }
      const { wait } = result;
      logThrottle(wait, "sign-in refused: waiting after failed attempts");
      const message = `There have been too many failed attempts to sign in${wait.scope === "device" ? " from this browser" : ""}. Wait ${waitInWords(wait.seconds)} and try again`;
      return reply.code(429).header("retry-after", String(wait.seconds)).render("access/sign-in.njk", await signInPage(values, { errors: fieldErrors({ username: message }) }));
    }
    // The device cookie lets this browser in later even while someone elsewhere guesses at the account.
    reply.setCookie(deviceCookieName, result.deviceToken, { path: "/sign-in", httpOnly: true, sameSite: "lax", secure: settings.secureCookie, maxAge: deviceTrustDays * 86_400 });
    const next = await rotateSession(db, request.session, result.userId, clock.now());
    setSessionCookie(reply, next, settings);
    return reply.redirect(afterSignIn(form.data.returnTo), 303);
  });

  app.post("/sign-out", { config: { policy: "signed-in" } }, async (request, reply) => {
    if (request.session) await endSession(db, request.session);
    clearSessionCookie(reply, settings);
    return reply.redirect("/sign-in?signedOut=1", 303);
  });

  app.get("/account/password", { config: { policy: "signed-in" } }, async (_request, reply) => {
    return reply.render("access/change-password.njk", { pageTitle: "Change your password" });
  });

  app.post("/account/password", { config: { policy: "signed-in" } }, async (request, reply) => {
    const actor = request.actor;
    if (!actor) return reply.redirect("/sign-in", 303);
    const form = passwordForm.safeParse(request.body);
    if (!form.success) return reply.code(400).render("access/change-password.njk", { pageTitle: "Change your password", errors: formErrors(form.error) });
    try {
      await changePassword(db, { ...contextOf(actor, request.id), userId: actor.id }, form.data.currentPassword, form.data.newPassword);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return reply.code(400).render("access/change-password.njk", { pageTitle: "Change your password", errors: fieldErrors({ [error.field ?? "newPassword"]: error.message }) });
    }
    // Changing the password ended every session of the account, this one included: start afresh.
    const next = await rotateSession(db, null, actor.id, clock.now());
    setSessionCookie(reply, next, settings);
    return reply.render("error.njk", { pageTitle: "Your password has been changed", paragraphs: ["You have been signed out everywhere else."], actor });
  });
}
