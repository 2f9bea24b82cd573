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
  ["a repository reading another module's tables", "src/modules/measures/repository.ts", "../../db/schema/plan.ts", /repository of the measures module reads only its own tables/],
  ["a named repository reading another module's tables", "src/modules/access/audit-repository.ts", "../../db/schema/progress.ts", /repository of the access module reads only its own tables/],
  ["a repository reading every module's tables through the schema's index", "src/modules/progress/repository.ts", "../../db/schema/index.ts", /repository of the progress module reads only its own tables/],
  ["a web toolkit file importing a module", "src/web/render.ts", "../modules/access/policy.ts", /web toolkit does not depend on modules/],
  ["a web toolkit file importing the Drizzle schema", "src/web/inputs.ts", "../db/schema/index.ts", /Drizzle schema is read only by repositories/],
  ["a web toolkit file importing a module's index", "src/web/render.ts", "../modules/plan/index.ts", /web toolkit does not depend on modules/],
  ["a web toolkit test importing a module", "src/web/inputs.test.ts", "../modules/access/index.ts", /web toolkit does not depend on modules/],
  ["core importing a module's index", "src/core/rag.ts", "../modules/measures/index.ts", /src\/core holds pure rules/],
  ["a module importing another module's service", "src/modules/reminders/service.ts", "../progress/service.ts", /reminders module reaches another module only through that module's index.ts/],
  ["a module importing another module's views helper", "src/modules/home/routes.ts", "../measures/scorecard-view.ts", /home module reaches another module only through/],
  ["a module's subfolder importing another module's file", "src/modules/measures/file-reading/table.ts", "../../plan/schemas.ts", /measures module reaches another module only through/],
  ["a module's test importing another module's file", "src/modules/home/routes.test.ts", "../plan/editing.ts", /home module reaches another module only through/],
  ["the composition root importing a module's routes", "src/app/modules.ts", "../modules/plan/routes.ts", /Outside src\/modules a module is used only through its index.ts/],
  ["the command line importing a module's service", "src/cli/main.ts", "../modules/plan/service.ts", /Outside src\/modules a module is used only through its index.ts/],
  ["the demo importing a module's file", "src/demo/accounts.ts", "../modules/access/users.ts", /Outside src\/modules a module is used only through its index.ts/],
  ["a script importing a module's service", "scripts/load.ts", "../src/modules/reports/service.ts", /Outside src\/modules a module is used only through its index.ts/],
  ["test support importing a module's file", "test/support/session.ts", "../../src/modules/access/sessions.ts", /Outside src\/modules a module is used only through its index.ts/],
];

const allowed: [string, string, string][] = [
  ["a service importing its own repository", "src/modules/plan/service.ts", "./repository.ts"],
  ["a module file importing its own named repository", "src/modules/access/devices.ts", "./throttle-repository.ts"],
  ["a module's subfolder importing its own repository", "src/modules/measures/file-reading/table.ts", "../repository.ts"],
  ["a module importing another module's index", "src/modules/reminders/service.ts", "../progress/index.ts"],
  ["a module's subfolder importing another module's index", "src/modules/measures/file-reading/table.ts", "../../plan/index.ts"],
  ["a module's test importing another module's index", "src/modules/home/routes.test.ts", "../plan/index.ts"],
  ["a module's test importing its own files", "src/modules/plan/routes.test.ts", "./editing.ts"],
  ["a module importing the web toolkit", "src/modules/plan/routes.ts", "../../web/forms.ts"],
  ["a module importing core", "src/modules/plan/service.ts", "../../core/priority-order.ts"],
  ["a repository importing its own module's tables", "src/modules/plan/repository.ts", "../../db/schema/plan.ts"],
  ["a named repository importing its own module's tables", "src/modules/access/audit-repository.ts", "../../db/schema/access.ts"],
  ["a repository importing the database's own tables", "src/modules/measures/repository.ts", "../../db/schema/versions.ts"],
  ["the database client importing the schema", "src/db/client.ts", "./schema/index.ts"],
  ["a test reading a table to check the audit trail", "src/modules/plan/edit-routes.test.ts", "../../db/schema/index.ts"],
  ["a module's test reading another module's tables", "src/modules/progress/workflow.test.ts", "../../db/schema/access.ts"],
  ["core importing core", "src/core/rag.ts", "./format.ts"],
  ["core compressing in memory", "src/core/zip.ts", "node:zlib"],
  ["the composition root registering a module through its index", "src/app/modules.ts", "../modules/plan/index.ts"],
  ["the command line importing a module's index", "src/cli/main.ts", "../modules/plan/index.ts"],
  ["the demo importing the access module's index", "src/demo/accounts.ts", "../modules/access/index.ts"],
  ["test support importing a module's index", "test/support/session.ts", "../../src/modules/access/index.ts"],
  ["a test reading the Drizzle schema", "test/concurrent-writes.test.ts", "../src/db/schema/index.ts"],
  ["the timing script's known reach into the measures repository", "scripts/bench.ts", "../src/modules/measures/repository.ts"],
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
