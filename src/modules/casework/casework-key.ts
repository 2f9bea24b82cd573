import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../core/problems.ts";

/** Where the key comes from: the setting, or a file in the embedded database's directory. */
export interface CaseworkKeySource {
  /** `CASEWORK_KEY`: 64 hexadecimal characters (32 bytes). */
  key?: string | undefined;
  /** The embedded database's directory, where a key is made on first use when none is set; absent on PostgreSQL. */
  dataDir?: string | undefined;
}

export const keyFileName = "casework.key";

/**
 * The council's casework key, which turns case-system ids into pseudonyms. On PostgreSQL it must
 * be set (`CASEWORK_KEY`), so that every instance makes the same pseudonyms and the key is never in
 * the database; on the embedded database one is made on first use and kept beside the database, in
 * a file only its owner may read (a backup carries it, so restored records keep linking up).
 */
export function caseworkKey(source: CaseworkKeySource): Buffer {
  if (source.key) return Buffer.from(source.key, "hex");
  if (!source.dataDir) throw new UserError("invalid", "Case records cannot be imported until CASEWORK_KEY is set: 64 hexadecimal characters, kept secret and the same for every Waymark instance (for example the output of: openssl rand -hex 32).");
  const path = join(source.dataDir, keyFileName);
  try {
    return Buffer.from(readFileSync(path, "utf8").trim(), "hex");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  return key;
}
