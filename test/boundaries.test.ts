import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The module boundaries in eslint.config.js, tried on one-line files placed in the tree: a reach
 * into another module's insides fails the lint with a message saying why; the usual ways in pass.
 */
const root = fileURLToPath(new URL("..", import.meta.url));
const eslint = new ESLint({ cwd: root, overrideConfigFile: `${root}eslint.config.js` });

async function boundaryProblems(filePath: string, from: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import * as imported from "${from}";\nexport { imported };\n`, { filePath: `${root}${filePath}` });
  expect(result?.messages.filter((m) => m.fatal)).toEqual([]);
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const refused: [string, string, string, RegExp][] = [
  ["a module importing another module's repository", "src/modules/reminders/service.ts", "../progress/repository.ts", /reminders module may use only its own repository/],
  ["a module importing another module's named repository", "src/modules/plan/service.ts", "../access/throttle-repository.ts", /plan module may use only its own repository/],
  ["a module's subfolder importing another module's repository", "src/modules/measures/file-reading/table.ts", "../../plan/repository.ts", /measures module may use only its own repository/],
  ["a module's test importing another module's repository", "src/modules/reminders/email.test.ts", "../progress/repository.ts", /reminders module may use only its own repository/],
  ["the demo importing a repository", "src/demo/accounts.ts", "../modules/access/repository.ts", /reached only from inside its own module/],
  ["a script importing a repository", "scripts/load.ts", "../src/modules/plan/repository.ts", /reached only from inside its own module/],
  ["core importing a module", "src/core/rag.ts", "../modules/measures/service.ts", /src\/core holds pure rules/],
  ["core importing the database client", "src/core/rag.ts", "../db/client.ts", /src\/core holds pure rules/],
  ["core reading files", "src/core/csv.ts", "node:fs/promises", /src\/core holds pure rules/],
  ["a route importing the Drizzle schema", "src/modules/plan/routes.ts", "../../db/schema/index.ts", /Drizzle schema is read only by repositories/],
  ["a service importing one schema file", "src/modules/reports/service.ts", "../../db/schema/reports.ts", /Drizzle schema is read only by repositories/],
  ["the command line importing the Drizzle schema", "src/cli/main.ts", "../db/schema/index.ts", /Drizzle schema is read only by repositories/],
  ["a web toolkit file importing a module", "src/web/render.ts", "../modules/access/policy.ts", /web toolkit does not depend on modules/],
  ["a web toolkit file importing the Drizzle schema", "src/web/inputs.ts", "../db/schema/index.ts", /Drizzle schema is read only by repositories/],
];

const allowed: [string, string, string][] = [
  ["a service importing its own repository", "src/modules/plan/service.ts", "./repository.ts"],
  ["a module file importing its own named repository", "src/modules/access/devices.ts", "./throttle-repository.ts"],
  ["a module's subfolder importing its own repository", "src/modules/measures/file-reading/table.ts", "../repository.ts"],
  ["a module importing another module's service", "src/modules/reminders/service.ts", "../progress/service.ts"],
  ["a repository importing the Drizzle schema", "src/modules/plan/repository.ts", "../../db/schema/index.ts"],
  ["a named repository importing the Drizzle schema", "src/modules/access/audit-repository.ts", "../../db/schema/index.ts"],
  ["the database client importing the schema", "src/db/client.ts", "./schema/index.ts"],
  ["a test reading a table to check the audit trail", "src/modules/plan/edit-routes.test.ts", "../../db/schema/index.ts"],
  ["core importing core", "src/core/rag.ts", "./format.ts"],
  ["core compressing in memory", "src/core/zip.ts", "node:zlib"],
  ["the composition root registering a module's routes", "src/app/app.ts", "../modules/plan/routes.ts"],
  ["the demo importing the access module's users", "src/demo/accounts.ts", "../modules/access/users.ts"],
];

describe("module boundaries in the lint", () => {
  it.each(refused)("refuse %s", async (_case, filePath, from, reason) => {
    const problems = await boundaryProblems(filePath, from);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(reason);
  });

  it.each(allowed)("allow %s", async (_case, filePath, from) => {
    expect(await boundaryProblems(filePath, from)).toEqual([]);
  });
});
