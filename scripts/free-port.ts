import { createServer } from "node:net";

/** A port on 127.0.0.1 free now, for a server to listen on: the benchmark's and the tests' started processes. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port was given"))));
    });
  });
}
