// Starts the real nimbus binary on a free port for JS SDK v3 tests (node:test).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import readline from "node:readline";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

function binary() {
  if (process.env.NIMBUS_BIN) return process.env.NIMBUS_BIN;
  for (const preset of ["release", "debug"]) {
    const candidate = path.join(root, "build", preset, "src", "nimbus");
    if (existsSync(candidate)) return candidate;
  }
  throw new Error("nimbus binary not found: build it or set NIMBUS_BIN");
}

export const credentials = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};

// Resolves to {endpoint, lines, stop()} once nimbus prints "listening on HOST:PORT".
export function startNimbus(args = []) {
  return new Promise((resolve, reject) => {
    const proc = spawn(binary(), ["--port", "0", ...args], { stdio: ["ignore", "pipe", "inherit"] });
    const lines = [];
    const rl = readline.createInterface({ input: proc.stdout });
    const timer = setTimeout(() => reject(new Error("nimbus did not start")), 30000);
    rl.on("line", (line) => {
      lines.push(line);
      const m = /^listening on [^:]+:(\d+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve({
          endpoint: `http://127.0.0.1:${m[1]}`,
          lines,
          stop: () => new Promise((done) => {
            proc.once("exit", (code) => done(code));
            proc.kill("SIGTERM");
          }),
        });
      }
    });
    proc.once("exit", (code) => reject(new Error(`nimbus exited with ${code}`)));
  });
}

// Client options for any @aws-sdk/client-* constructor.
export function clientConfig(endpoint, extra = {}) {
  return { endpoint, region: "us-east-1", credentials, maxAttempts: 1, ...extra };
}

export function unique(prefix = "js") {
  return `${prefix}-${Math.random().toString(16).slice(2, 12)}`;
}
