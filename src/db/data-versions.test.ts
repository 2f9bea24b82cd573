import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engines, type TestHandle } from "../../test/support/databases.ts";
import { aPlan } from "../../test/support/factories.ts";
import { readDataVersionsFingerprint } from "./data-versions.ts";

describe.each(engines)("the data versions' fingerprint on $name", (engine) => {
  let handle: TestHandle;
  beforeAll(async () => {
    handle = await engine.open();
    await aPlan(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
  });

  const fingerprint = () => readDataVersionsFingerprint(handle.db);

  it("moves when a change to kept data commits, once for each version the transaction bumped", async () => {
    const before = Number(await fingerprint());
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`update priorities set title = 'Early help and family support' where number = 1`);
      await tx.execute(sql`update priorities set vision = 'Help early' where number = 1`);
    });
    // The priority bumps the plan's version and the one every scorecard row depends on: two bumps.
    expect(Number(await fingerprint())).toBe(before + 2);
  });

  it("stays the same for a change that is rolled back, or one to data nothing keeps", async () => {
    const before = await fingerprint();
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`update priorities set title = 'Never saved'`);
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    await handle.db.execute(sql`insert into sessions (id_hash, csrf_token) values ('a-session', 'a-token')`);
    expect(await fingerprint()).toBe(before);
  });
});
