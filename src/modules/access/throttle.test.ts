import { inArray } from "drizzle-orm";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { signInThrottles } from "../../db/schema/index.ts";
import { createLogger } from "../../logging.ts";
import { buildApp, type AppOptions } from "../../app/app.ts";
import { engines } from "../../../test/support/databases.ts";
import { page } from "../../../test/support/html.ts";
import { testContext } from "../../../test/support/demo.ts";
import { searchAuditEvents } from "./audit.ts";
import { deviceCookieName } from "./devices.ts";
import { accountKey, addressKey, throttleRules, waitAfter, waitInWords } from "./throttle.ts";
import { createUser, resetPassword } from "./users.ts";

/** Every password check (argon2 verification), real account or not, is counted. */
const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock("./passwords.ts", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./passwords.ts")>();
  return {
    ...actual,
    passwordMatches: async (hash: string, password: string) => {
      checks.count += 1;
      return actual.passwordMatches(hash, password);
    },
    spendVerificationTime: async (password: string) => {
      checks.count += 1;
      return actual.spendVerificationTime(password);
    },
  };
});

const password = "correct horse battery staple";

/** A browser: keeps every cookie it is given (the session and the device cookie) and can send extra headers. */
function browser(app: FastifyInstance, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  const remember = (response: LightMyRequestResponse) => {
    for (const cookie of response.cookies) {
      if (cookie.value) jar.set(cookie.name, cookie.value);
      else jar.delete(cookie.name);
    }
  };
  const self = {
    jar,
    /** Opens the sign-in page; answers its form's CSRF token. */
    async open(): Promise<string> {
      const response = await app.inject({ method: "GET", url: "/sign-in", headers, cookies: Object.fromEntries(jar) });
      remember(response);
      return page(response.body).document.querySelector('input[name="_csrf"]')?.getAttribute("value") ?? "";
    },
    /** Posts the sign-in form with a token already read, as a browser that submits it several times. */
    async post(csrf: string, username: string, secret: string, extra: Record<string, string> = {}) {
      const response = await app.inject({
        method: "POST",
        url: "/sign-in",
        payload: new URLSearchParams({ _csrf: csrf, username, password: secret }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers, ...extra },
        cookies: Object.fromEntries(jar),
      });
      remember(response);
      return response;
    },
    async signIn(username: string, secret: string, extra: Record<string, string> = {}) {
      return self.post(await self.open(), username, secret, extra);
    },
    /** Signs out (the session ends) but keeps the device cookie, as a browser does. */
    forgetSession() {
      for (const name of [...jar.keys()]) if (name !== deviceCookieName) jar.delete(name);
    },
  };
  return self;
}

const errorText = (response: LightMyRequestResponse) => page(response.body).texts(".govuk-error-summary__list a").join(" ");

describe("the throttle's rules", () => {
  it("lets five failures on an account through, then doubles the wait from 30 seconds up to 15 minutes", () => {
    const waits = [4, 5, 6, 7, 8, 9, 10, 11, 30].map((failures) => waitAfter("account", failures));
    expect(waits).toEqual([0, 30, 60, 120, 240, 480, 900, 900, 900]);
    expect(waitAfter("address", 19)).toBe(0);
    expect(waitAfter("address", 20)).toBe(30);
  });

  it("allows fewer than 100 failed attempts an hour on one account (ASVS 2.2.1)", () => {
    let failures = 0;
    let clock = 0;
    while (clock < 3600) {
      failures += 1;
      clock += waitAfter("account", failures);
      if (waitAfter("account", failures) === 0) clock += 1;
    }
    expect(failures).toBeLessThan(100);
    expect(throttleRules.forgetAfterSeconds).toBeGreaterThan(throttleRules.longestWaitSeconds);
  });

  it("counts an IPv6 address by its /64 network and an IPv4 one as itself", () => {
    expect(addressKey("2001:db8:1:2:aaaa::1").key).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:2:bbbb:cccc:dddd:eeee").key).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1").key).toBe("2001:db8:0:0::/64");
    expect(addressKey("::ffff:192.0.2.7").key).toBe("192.0.2.7");
    expect(addressKey("192.0.2.7").key).toBe("192.0.2.7");
  });

  it("says how long to wait in words", () => {
    expect([1, 30, 60, 61, 900].map(waitInWords)).toEqual(["1 second", "30 seconds", "1 minute", "2 minutes", "15 minutes"]);
  });
});

describe.each(engines)("signing in under attack on $name", (engine) => {
  let handle: DatabaseHandle;
  const apps: FastifyInstance[] = [];
  const logLines: string[] = [];
  const appWith = async (options: Partial<AppOptions> = {}) => {
    const app = await buildApp({ db: handle.db, logger: createLogger("info", { write: (line: string) => void logLines.push(line) }), ...options });
    apps.push(app);
    return app;
  };
  let app: FastifyInstance;
  let account = 0;
  /** A new account for each test, so that one test's failures do not count in another's. */
  const newAccount = async () => {
    account += 1;
    const username = `person${account}`;
    await createUser(handle.db, testContext, { username, displayName: `Person ${account}`, roles: ["viewer"], password });
    return username;
  };
  /** Each test comes from its own address (the app trusts the test's "proxy" at 127.0.0.1). */
  let addressCount = 0;
  const newAddress = () => {
    addressCount += 1;
    return { "x-forwarded-for": `198.51.100.${addressCount}` };
  };

  beforeAll(async () => {
    handle = await engine.open();
    app = await appWith({ trustProxy: ["127.0.0.1"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    for (const each of apps) await each.close();
    await handle?.close();
  });

  it("checks no more than five of 40 parallel wrong passwords for one account", async () => {
    const username = await newAccount();
    const attacker = browser(app, newAddress());
    const csrf = await attacker.open();
    checks.count = 0;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => attacker.post(csrf, username, `guess number ${i}`)));
    expect(checks.count).toBe(throttleRules.free.account);
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    expect(statuses.filter((s) => s >= 500)).toHaveLength(0);
  });

  it("checks no more than twenty of 40 parallel guesses from one address at different accounts", async () => {
    const from = newAddress();
    const attacker = browser(app, from);
    const csrf = await attacker.open();
    checks.count = 0;
    const usernames = Array.from({ length: 40 }, (_, i) => `someone-${from["x-forwarded-for"]}-${i}`);
    const answers = await Promise.all(usernames.map((username) => attacker.post(csrf, username, "a guessed password")));
    expect(checks.count).toBe(throttleRules.free.address);
    expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(20);
    // The refused attempts leave nothing behind: only the twenty checked usernames are counted.
    const counted = await handle.db.select().from(signInThrottles).where(inArray(signInThrottles.key, usernames.map((u) => accountKey(u).key)));
    expect(counted.map((row) => row.failures)).toEqual(Array<number>(20).fill(1));
  });

  it("makes a new browser wait, longer after each failure, while the person's own browser signs in", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-02T09:00:00Z"));
    const username = await newAccount();
    const own = browser(app, newAddress());
    expect((await own.signIn(username, password)).statusCode).toBe(303);
    own.forgetSession();

    const attacker = browser(app, newAddress());
    for (let i = 0; i < 5; i += 1) expect((await attacker.signIn(username, `guess ${i}`)).statusCode).toBe(401);
    const refused = await attacker.signIn(username, "another guess");
    expect(refused.statusCode).toBe(429);
    expect(errorText(refused)).toBe("There have been too many failed attempts to sign in. Wait 30 seconds and try again");
    // The right password from a browser new to the account waits too: nobody can tell it from the guesser.
    const newLaptop = browser(app, newAddress());
    expect((await newLaptop.signIn(username, password)).statusCode).toBe(429);
    // The person's own browser is not held up.
    expect((await own.signIn(username, password)).statusCode).toBe(303);

    vi.setSystemTime(new Date("2026-03-02T09:00:31Z"));
    expect((await attacker.signIn(username, "guess after waiting")).statusCode).toBe(401);
    expect(errorText(await attacker.signIn(username, "too soon"))).toContain("Wait 1 minute and try again");
    vi.setSystemTime(new Date("2026-03-02T09:01:32Z"));
    expect((await newLaptop.signIn(username, password)).statusCode).toBe(303);
  });

  it("counts a trusted browser's own failures, and slows it after five", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-03T09:00:00Z"));
    const username = await newAccount();
    const own = browser(app, newAddress());
    expect((await own.signIn(username, password)).statusCode).toBe(303);
    own.forgetSession();
    for (let i = 0; i < 5; i += 1) expect((await own.signIn(username, `typo ${i}`)).statusCode).toBe(401);
    const slowed = await own.signIn(username, password);
    expect(slowed.statusCode).toBe(429);
    expect(errorText(slowed)).toBe("There have been too many failed attempts to sign in from this browser. Wait 30 seconds and try again");
    // Its typos did not count against the account: another browser that knows the password gets in.
    expect((await browser(app, newAddress()).signIn(username, password)).statusCode).toBe(303);
  });

  it("stops trusting the person's browsers when their password is reset", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-04T09:00:00Z"));
    const username = await newAccount();
    const own = browser(app, newAddress());
    expect((await own.signIn(username, password)).statusCode).toBe(303);
    own.forgetSession();
    const attacker = browser(app, newAddress());
    for (let i = 0; i < 5; i += 1) expect((await attacker.signIn(username, `guess ${i}`)).statusCode).toBe(401);
    const renewed = `${password} renewed`;
    await resetPassword(handle.db, testContext, { username }, renewed);
    // The browser that signed in before the reset waits like any other.
    expect((await own.signIn(username, renewed)).statusCode).toBe(429);
  });

  it("logs each throttling event without the username, and records it in the audit trail", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-04T09:00:00Z"));
    const username = await newAccount();
    const attacker = browser(app, newAddress());
    logLines.length = 0;
    for (let i = 0; i < 6; i += 1) await attacker.signIn(username, `guess ${i}`);
    const entries = logLines.map((line) => JSON.parse(line) as { msg: string; throttle?: { by: string; waitSeconds: number } });
    expect(entries.filter((e) => e.msg === "sign-in slowed: too many failed attempts").map((e) => e.throttle)).toEqual([{ by: "account", failures: 5, waitSeconds: 30 }]);
    expect(entries.filter((e) => e.msg === "sign-in refused: waiting after failed attempts").map((e) => e.throttle)).toEqual([{ by: "account", failures: 5, waitSeconds: 30 }]);
    for (const line of logLines) expect(line).not.toContain(username);

    const events = await searchAuditEvents(handle.db, { recordType: "user" }, 500);
    const user = events.find((e) => e.action === "create" && (e.after as { username?: string }).username === username);
    const slowed = events.filter((e) => e.action === "slow sign-in" && e.recordId === user?.recordId);
    expect(slowed).toHaveLength(1);
    expect(slowed[0]?.after).toEqual({ by: "account", failures: 5, wait: "30 seconds", until: "2026-03-04T09:00:30.000Z" });
  });
});

describe.each(engines)("the address counted on $name", (engine) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  /** 21 failed sign-ins, each for another username and claiming another address: the last one's answer. */
  async function spray(app: FastifyInstance): Promise<number> {
    let last = 0;
    for (let i = 0; i < 21; i += 1) {
      const response = await browser(app, { "x-forwarded-for": `203.0.113.${i + 1}` }).signIn(`sprayed-${i}`, "a guessed password");
      last = response.statusCode;
    }
    return last;
  }

  it("is the connection's own without TRUST_PROXY: a changed X-Forwarded-For does not escape the limit", async () => {
    const app = await buildApp({ db: handle.db });
    try {
      expect(await spray(app)).toBe(429);
    } finally {
      await app.close();
    }
  });

  it("is taken from X-Forwarded-For only when the proxy it comes through is trusted", async () => {
    // Start from no failures: the test before counted 21 from the test's own address.
    await handle.db.delete(signInThrottles);
    const app = await buildApp({ db: handle.db, trustProxy: ["127.0.0.1"] });
    try {
      expect(await spray(app)).toBe(401);
    } finally {
      await app.close();
    }
  });
});
