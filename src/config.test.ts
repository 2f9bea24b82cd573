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
