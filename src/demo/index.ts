import { fileURLToPath } from "node:url";

/** The folder of the demonstration plan: Plymouth's Achieving Excellence 2024–27, typed from its published papers. */
export const demoPlanFolder = fileURLToPath(new URL("./achieving-excellence", import.meta.url));
