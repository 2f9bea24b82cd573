/** The project's folder. */
export const projectRoot: string;
/** The compiled app: `dist/cli/main.js` is `src/cli/main.ts`. */
export const compiledDir: string;
/** The file a build writes last in the compiled app's folder. */
export const stampName: string;
/** Every file under the project's src/ the app is made from, not its tests. */
export function sourceFiles(root?: string): string[];
/** Whether a source file was changed after the project's last build, or there is none. */
export function buildIsStale(root?: string): boolean;
