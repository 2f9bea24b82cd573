import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { readdirSync } from "node:fs";

// Module boundaries (see README, "Architecture in brief"). Patterns match the import as written,
// so each rule is a regular expression over relative paths. ESLint keeps only the last
// `no-restricted-imports` setting that matches a file, so every folder below gets its whole list.

const modules = readdirSync(new URL("./src/modules/", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const repositoryFile = "(^|/)([^/]+-)?repository(\\.[jt]s)?$";

/** Any module's repository: for files outside every module. */
const anyRepository = {
  regex: repositoryFile,
  message: "A repository is reached only from inside its own module; call the module's service instead.",
};

/** Another module's repository: a repository reached through a folder that is not this module. */
const otherRepository = (name) => ({
  regex: `(^|/)(?!${name}/)[^./][^/]*/([^/]+-)?repository(\\.[jt]s)?$`,
  message: `A file in the ${name} module may use only its own repository; call the other module's service instead.`,
});

/** A repository path, skipped by the rules below so that a reach into one is reported once, by the rules above. */
const notRepository = "(?!(?:[^/]+/)*(?:[^/]+-)?repository(?:\\.[jt]s)?$)";

/** A module's file other than its index.ts (its front door): for files outside src/modules. */
const moduleInsides = {
  regex: `(^|/)modules/[^/]+/(?!index\\.ts$)${notRepository}`,
  message: "Outside src/modules a module is used only through its index.ts.",
};

/** Another module's file other than its index.ts: a module reaches the others only through their index. */
const otherModuleInsides = (name) => ({
  regex: `(^|/)(${modules.filter((other) => other !== name).join("|")})/(?!index\\.ts$)${notRepository}`,
  message: `A file in the ${name} module reaches another module only through that module's index.ts.`,
});

const dbSchema = {
  regex: "(^|/)db/schema(/|$)",
  message: "The Drizzle schema is read only by repositories (and src/db, tests); use the module's repository or service.",
};

/** The schema files a module owns (src/db/schema/<module>.ts); the others (versions, forms, jobs) are the database's own. */
const schemaFiles = readdirSync(new URL("./src/db/schema/", import.meta.url)).map((file) => file.replace(/\.ts$/, ""));
const moduleSchemas = schemaFiles.filter((file) => modules.includes(file));

/** Another module's tables, or every module's at once through the schema's index: a repository reads only its own module's. */
const otherSchema = (name) => ({
  regex: `(^|/)db/schema(/(index|${moduleSchemas.filter((other) => other !== name).join("|")})(\\.[jt]s)?)?$`,
  message: `A repository of the ${name} module reads only its own tables (src/db/schema/${name}.ts); ask the module that owns the others through its index.ts.`,
});

const anyModule = {
  regex: "(^|/)modules(/|$)",
  message: "The web toolkit does not depend on modules; only the composition root (src/app) registers them.",
};

const outsideCore = {
  regex: "^(\\.\\./|/|src/)|^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|dns|tls|worker_threads|cluster)$",
  message: "src/core holds pure rules: it imports only from src/core and does no I/O.",
};

const restrict = (...patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

const tests = ["**/*.test.ts", "test/**/*.ts"];

const boundaries = [
  // Outside src/modules (src/app, cli, demo, db, scripts, tests): modules only through their index.ts.
  { files: ["**/*.ts"], rules: restrict(anyRepository, moduleInsides, dbSchema) },
  // Tests and src/db may read tables directly (tests check the audit trail row by row).
  { files: [...tests, "src/db/**/*.ts"], rules: restrict(anyRepository, moduleInsides) },
  ...modules.flatMap((name) => [
    { files: [`src/modules/${name}/**/*.ts`], rules: restrict(otherRepository(name), otherModuleInsides(name), dbSchema) },
    {
      files: [`src/modules/${name}/repository.ts`, `src/modules/${name}/**/*-repository.ts`],
      rules: restrict(otherRepository(name), otherModuleInsides(name), otherSchema(name)),
    },
    // A module's tests may read any table (they check the audit trail row by row).
    { files: [`src/modules/${name}/**/*.test.ts`], rules: restrict(otherRepository(name), otherModuleInsides(name)) },
  ]),
  // The toolkit that modules use, tests included: no module at all.
  { files: ["src/web/**/*.ts"], rules: restrict(anyModule, dbSchema) },
  { files: ["src/core/**/*.ts"], rules: restrict(outsideCore) },
  // Known exception: the benchmark (scripts/bench/data.ts) grows the catalogue to 100 measures of 60 values each by
  // inserting rows straight through the measures repository, which has no service for bulk rows.
  { files: ["scripts/bench.ts", "scripts/bench/*.ts"], rules: restrict(dbSchema, moduleInsides) },
];

export default tseslint.config(
  { ignores: ["node_modules/", "data/", "artifacts/", "dist/", ".dist-*/", "src/db/migrations/"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: { process: "readonly", console: "readonly", URL: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  ...boundaries,
);
