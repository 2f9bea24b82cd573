import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("uses the embedded database on port 3000 when nothing is set", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, dataDir: "./data", databaseUrl: undefined, env: "development" });
  });

  it("reads the port, data directory and database address", () => {
    const config = loadConfig({ PORT: "8080", WAYMARK_DATA_DIR: "/srv/waymark", DATABASE_URL: "postgres://db/waymark" });
    expect(config).toMatchObject({ port: 8080, dataDir: "/srv/waymark", databaseUrl: "postgres://db/waymark" });
  });

  it("lists every problem at once, naming each setting", () => {
    const error = (() => {
      try {
        loadConfig({ PORT: "abc", DATABASE_URL: "mysql://x" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toContain("PORT");
    expect(problems).toContain("DATABASE_URL must start with postgres://");
  });

  it.each([{}, { DATABASE_URL: "" }])("refuses to start in production without PostgreSQL (%j)", (extra) => {
    expect(() => loadConfig({ NODE_ENV: "production", ...extra })).toThrow(/DATABASE_URL is required in production/);
  });

  it.each(["0x1F90", "8e3", "80.5", "0", "65536", " 99999999999"])("refuses PORT=%s, saying what it must be", (port) => {
    expect(() => loadConfig({ PORT: port })).toThrow(/PORT must be a whole number from 1 to 65535/);
  });

  it("treats an empty variable as not set", () => {
    expect(loadConfig({ DATABASE_URL: "", PORT: "" })).toMatchObject({ databaseUrl: undefined, port: 3000 });
  });

  it("trusts no proxy's X-Forwarded-For unless TRUST_PROXY names them", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.5, 10.1.0.0/16,loopback,fd00::/8" }).trustProxy).toEqual(["10.0.0.5", "10.1.0.0/16", "loopback", "fd00::/8"]);
  });

  it("names each TRUST_PROXY entry that is not an address or range", () => {
    expect(() => loadConfig({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY: "true" is not an address/);
    expect(() => loadConfig({ TRUST_PROXY: "10.0.0.0/33" })).toThrow(/"10.0.0.0\/33" is not an address/);
    expect(() => loadConfig({ TRUST_PROXY: "2" })).toThrow(/"2" is not an address/);
  });
});

describe("mail and reminders", () => {
  it("hold reminders (no mail server) and run them on the app's schedule, 10 days before and 3 after, by default", () => {
    expect(loadConfig({})).toMatchObject({ mail: null, reminders: { scheduled: true, everyMinutes: 15, settings: { daysBefore: [10], daysAfter: [3] } } });
  });

  it("send through SMTP_URL from MAIL_FROM", () => {
    expect(loadConfig({ SMTP_URL: "smtp://waymark:secret@mail.council.example:587", MAIL_FROM: " Waymark <waymark@council.example> " }).mail).toEqual({
      smtpUrl: "smtp://waymark:secret@mail.council.example:587",
      from: "Waymark <waymark@council.example>",
    });
    expect(loadConfig({ SMTP_URL: "smtps://mail.council.example", MAIL_FROM: "waymark@council.example" }).mail?.from).toBe("waymark@council.example");
  });

  it("need MAIL_FROM when SMTP_URL is set", () => {
    expect(() => loadConfig({ SMTP_URL: "smtp://mail.council.example" })).toThrow(/MAIL_FROM is required when SMTP_URL is set/);
  });

  it.each(["http://mail.council.example", "mail.council.example:25", "smtp://"])("refuse SMTP_URL=%s, saying what it must be", (url) => {
    expect(() => loadConfig({ SMTP_URL: url, MAIL_FROM: "waymark@council.example" })).toThrow(/SMTP_URL must be the mail server's address/);
  });

  it.each(["waymark", "Waymark <waymark>", "a@b@c.example", "waymark@council.example\r\nBcc: x@y.example"])("refuse MAIL_FROM=%j", (from) => {
    expect(() => loadConfig({ SMTP_URL: "smtp://mail.council.example", MAIL_FROM: from })).toThrow(/MAIL_FROM must be an email address/);
  });

  it("turn the app's schedule off with REMINDERS=off, for a council that runs the command from its own scheduler", () => {
    expect(loadConfig({ REMINDERS: "off" }).reminders.scheduled).toBe(false);
    expect(() => loadConfig({ REMINDERS: "no" })).toThrow(/REMINDERS must be on or off/);
  });

  it("does background jobs in the app unless WORKERS=off, which needs PostgreSQL so that a worker can run beside it", () => {
    expect(loadConfig({}).workers).toBe(true);
    expect(loadConfig({ WORKERS: "off", DATABASE_URL: "postgres://localhost/waymark" }).workers).toBe(false);
    expect(() => loadConfig({ WORKERS: "off" })).toThrow(/WORKERS=off needs DATABASE_URL/);
    expect(() => loadConfig({ WORKERS: "no" })).toThrow(/WORKERS must be on or off/);
  });

  it("read the days before and after the deadline as lists, or none", () => {
    expect(loadConfig({ REMINDER_DAYS_BEFORE: "14, 7,1", REMINDER_DAYS_AFTER: "none" }).reminders.settings).toEqual({ daysBefore: [14, 7, 1], daysAfter: [] });
  });

  it.each(["0", "91", "ten", "7;1", "-3", "1e1"])("refuse REMINDER_DAYS_BEFORE=%s", (days) => {
    expect(() => loadConfig({ REMINDER_DAYS_BEFORE: days })).toThrow(/REMINDER_DAYS_BEFORE must be whole numbers of days from 1 to 90/);
  });
});
