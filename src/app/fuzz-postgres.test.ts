import { describeHostileInput } from "../../test/support/hostile-input.ts";

// Hostile input to every route the app serves, on PostgreSQL (see fuzz.test.ts).
describeHostileInput("PostgreSQL");
