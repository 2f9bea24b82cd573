import { commandLineContext } from "../src/cli/context.ts";
import { prepareTemplate } from "../src/db/template.ts";
import { prepareDemoTemplate } from "../src/demo/template.ts";
import { buildStyles } from "../src/web/styles.ts";
import { buildApp } from "./build.ts";

/**
 * What `npm install` makes after the packages: the compiled app, its stylesheet, the embedded
 * database's migrated template and the demonstration loaded into a copy of it, so a first start
 * copies a database rather than creating one and loading the demo.
 */
await buildApp();
await buildStyles();
// Without the template the first start makes it: slower, but nothing is lost.
await prepareTemplate();
await prepareDemoTemplate(commandLineContext());
