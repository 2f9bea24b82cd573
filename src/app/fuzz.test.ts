import { describeHostileInput } from "../../test/support/hostile-input.ts";

// Hostile input to every route the app serves, on the embedded database. The same is sent to
// PostgreSQL by fuzz-postgres.test.ts, a file of its own so that the two runs share the test workers.
describeHostileInput("PGlite");
