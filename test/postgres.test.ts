import pg from "pg";
import { describe, expect, it } from "vitest";

// CI sets WAYMARK_REQUIRE_POSTGRES=1: then the PostgreSQL tests may not be skipped silently.
describe.runIf(process.env.WAYMARK_REQUIRE_POSTGRES === "1")("PostgreSQL test database", () => {
  it("is configured and answers, so the PostgreSQL runs of the repository tests take place", async () => {
    expect(process.env.TEST_DATABASE_URL, "TEST_DATABASE_URL must be set").toBeTruthy();
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    const result = await client.query("select 1 as one");
    await client.end();
    expect(result.rows[0].one).toBe(1);
  });
});
