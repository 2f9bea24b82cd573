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

const dbSchema = {
  regex: "(^|/)db/schema(/|$)",
  message: "The Drizzle schema is read only by repositories (and src/db, tests); use the module's repository or service.",
};

const anyModule = {
  regex: "(^|/)modules(/|$)",
  message: "The web toolkit does not depend on modules; only the composition root (src/web/app.ts) registers them.",
};

const outsideCore = {
  regex: "^(\\.\\./|/|src/)|^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|dns|tls|worker_threads|cluster)$",
  message: "src/core holds pure rules: it imports only from src/core and does no I/O.",
};

const restrict = (...patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

const tests = ["**/*.test.ts", "test/**/*.ts"];

const boundaries = [
  { files: ["**/*.ts"], rules: restrict(anyRepository, dbSchema) },
  // Tests and src/db may read tables directly (tests check the audit trail row by row).
  { files: [...tests, "src/db/**/*.ts"], rules: restrict(anyRepository) },
  ...modules.flatMap((name) => [
    { files: [`src/modules/${name}/**/*.ts`], rules: restrict(otherRepository(name), dbSchema) },
    {
      files: [`src/modules/${name}/repository.ts`, `src/modules/${name}/**/*-repository.ts`, `src/modules/${name}/**/*.test.ts`],
      rules: restrict(otherRepository(name)),
    },
  ]),
  { files: ["src/web/**/*.ts"], ignores: ["src/web/**/*.test.ts"], rules: restrict(anyModule, dbSchema) },
  {
    files: [
      "src/web/app.ts",
      // Known exceptions until the composition root moves to src/app/: these web files lean on the
      // access module for sessions, CSRF, policy decisions and the audit's field changes.
      "src/web/authorise.ts",
      "src/web/conflict.ts",
      "src/web/csrf.ts",
      "src/web/session.ts",
      "src/web/types.ts",
    ],
    rules: restrict(anyRepository, dbSchema),
  },
  { files: ["src/core/**/*.ts"], rules: restrict(outsideCore) },
  // Known exception: the timing script grows the catalogue to 100 measures of 60 values each by
  // inserting rows straight through the measures repository, which has no service for bulk rows.
  { files: ["scripts/bench.ts"], rules: restrict(dbSchema) },
];

export default tseslint.config(
  { ignores: ["node_modules/", "data/", "artifacts/", "src/db/migrations/"] },
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
