/**
 * Hostile files and processes (issue 13, from the reliability review): what pledge reads, where
 * it walks, which policy files a manifest may name, and how it ends when its surroundings fail.
 * Each case is a located finding or one line on stderr, with exit code 2, never a hang, a stack
 * trace or an empty report.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, FIXTURES, hasStack, pledge, ROOT, type JsonFile, type Run } from "./helpers.js";

const posix = process.platform !== "win32";
const GOOD = readFileSync(join(ROOT, "examples/pocketo/app.flows.yaml"), "utf8");
const POLICY = readFileSync(join(ROOT, FIXTURES, "fixture.policy.yaml"), "utf8");
/** A run stopped by the safety net has code null: it would have hung. */
const TIMEOUT = 30_000;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pledge-hostile-"));
  chmodSync(dir, 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh folder under the test's temporary folder, with `files` written in it. */
function folder(name: string, files: Record<string, string> = {}): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(path, file, ".."), { recursive: true });
    writeFileSync(join(path, file), text);
  }
  return path;
}

/** The JSON report of a run, as `[file, [code, line, column, message][]]` pairs sorted by file. */
function report(run: Run): [string, [string, number, number, string][]][] {
  const files = (JSON.parse(run.stdout) as JsonFile[]).map((f): [string, [string, number, number, string][]] => [f.filePath.slice(dir.length + 1), f.messages.map((m) => [m.ruleId, m.line, m.column, m.message])]);
  return files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function expectClean(run: Run): void {
  expect(run.code, run.stderr).not.toBeNull();
  expect(hasStack(run.stdout + run.stderr)).toBe(false);
  expect(run.stderr).not.toContain("internal error");
}

describe.runIf(posix)("pledge lint reads regular files only, and at most 64 MiB of anything", () => {
  it("refuses a FIFO named on the command line or as a policy path, without waiting for a writer", () => {
    const at = folder("fifo");
    execFileSync("mkfifo", [join(at, "x.flows.yaml")]);
    writeFileSync(join(at, "p.flows.yaml"), "policy: ./x.flows.yaml\nflows: []\n");
    const run = pledge(["lint", "x.flows.yaml", "p.flows.yaml", "--format", "json"], { cwd: at, timeout: TIMEOUT });
    expectClean(run);
    expect(run.code).toBe(2);
    expect(report(run)).toEqual([
      ["fifo/p.flows.yaml", [["unknown-policy", 1, 9, "the policy file x.flows.yaml is a named pipe (FIFO), not a regular file"]]],
      ["fifo/x.flows.yaml", [["input-refused", 1, 1, "this file is a named pipe (FIFO), not a regular file"]]],
    ]);
    // In a folder walk a FIFO is not a manifest at all.
    expect(pledge(["lint", "."], { cwd: at, timeout: TIMEOUT }).stdout).toContain("p.flows.yaml");
  });

  it.runIf(existsSync("/dev/zero"))("refuses a device named, or reached through a link, before reading a byte", () => {
    const at = folder("device");
    symlinkSync("/dev/null", join(at, "z.flows.yaml"));
    const run = pledge(["lint", "/dev/zero", "z.flows.yaml", "--format", "json"], { cwd: at, timeout: TIMEOUT });
    expectClean(run);
    expect(run.code).toBe(2);
    const messages = (JSON.parse(run.stdout) as JsonFile[]).map((f) => f.messages.map((m) => m.message));
    expect(messages).toEqual([["this file is a device, not a regular file"], ["this file is a device, not a regular file"]]);
  });

  it.runIf(existsSync("/dev/zero"))("reads standard input up to the limit and refuses the rest", () => {
    const zero = openSync("/dev/zero", "r");
    try {
      const result = spawnSync(process.execPath, [CLI, "lint", "-"], { cwd: ROOT, stdio: [zero, "pipe", "pipe"], encoding: "utf8", env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" }, timeout: TIMEOUT, killSignal: "SIGKILL" });
      expect(result.status).toBe(2);
      expect(result.stdout).toContain("<stdin>\n  1:1  error  standard input is over the limit of 67108864 bytes  input-refused");
    } finally {
      closeSync(zero);
    }
  });

  it("reads standard input that is not UTF-8 as a binary file, like a named one", () => {
    const run = pledge(["lint", "-"], { input: "policy: caf\u00e9\n".replace("\u00e9", "\u0000") });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("standard input is a binary file (it contains NUL bytes), not YAML or JSON text");
  });
});

describe.runIf(posix)("pledge lint walks each real folder once and lists each real file once", () => {
  it("follows links back up the tree without looping or repeating a file", () => {
    const fork = folder("fork", { "sub/a.flows.yaml": GOOD });
    symlinkSync("..", join(fork, "sub/u1"));
    symlinkSync("..", join(fork, "sub/u2"));
    const loop = folder("loop", { "a.flows.yaml": GOOD });
    symlinkSync(".", join(loop, "self"));
    const diamond = folder("diamond", { "real/a.flows.yaml": GOOD });
    symlinkSync("real", join(diamond, "alias"));
    const run = pledge(["lint", fork, loop, diamond, join(diamond, "real/a.flows.yaml"), "--format", "json"], { timeout: TIMEOUT });
    expectClean(run);
    expect(run.code).toBe(0);
    expect(report(run).map(([file]) => file)).toEqual(["diamond/alias/a.flows.yaml", "fork/sub/a.flows.yaml", "loop/a.flows.yaml"]);
  });

  it("reports a link loop and a broken link with a manifest's name, and goes on", () => {
    const at = folder("links", { "good.flows.yaml": GOOD });
    symlinkSync("self.flows.yaml", join(at, "self.flows.yaml"));
    symlinkSync("nowhere.flows.yaml", join(at, "broken.flows.yaml"));
    symlinkSync("nowhere", join(at, "broken-folder"));
    const run = pledge(["lint", ".", "--format", "json"], { cwd: at, timeout: TIMEOUT });
    expectClean(run);
    expect(run.code).toBe(2);
    expect(report(run)).toEqual([
      ["links/broken.flows.yaml", [["input-refused", 1, 1, "broken.flows.yaml cannot be read: no such file"]]],
      ["links/good.flows.yaml", []],
      ["links/self.flows.yaml", [["input-refused", 1, 1, "self.flows.yaml cannot be read: its links form a loop (ELOOP)"]]],
    ]);
  });

  // Root reads every folder, so the case runs as nobody when it can (setpriv), or as any other user.
  const root = process.getuid?.() === 0;
  const setpriv = root && spawnSync("setpriv", ["--version"]).status === 0;
  it.runIf(!root || setpriv)("reports a folder it may not read as input-refused, and goes on", () => {
    const at = folder("locked", { "open/a.flows.yaml": GOOD, "closed/inner/b.flows.yaml": GOOD });
    chmodSync(join(at, "closed/inner"), 0o600);
    try {
      const command = [process.execPath, CLI, "lint", ".", "closed/inner/b.flows.yaml", "--format", "json"];
      const [file, ...args] = setpriv ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", ...command] : command;
      const result = spawnSync(file!, args, { cwd: at, encoding: "utf8", env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" }, timeout: TIMEOUT, killSignal: "SIGKILL" });
      const run = { code: result.status, stdout: result.stdout, stderr: result.stderr };
      expectClean(run);
      expect(run.code).toBe(2);
      expect(report(run)).toEqual([
        ["locked/closed/inner", [["input-refused", 1, 1, "closed/inner cannot be read: permission denied (EACCES)"]]],
        ["locked/closed/inner/b.flows.yaml", [["input-refused", 1, 1, "closed/inner/b.flows.yaml cannot be read: permission denied (EACCES)"]]],
        ["locked/open/a.flows.yaml", []],
      ]);
    } finally {
      chmodSync(join(at, "closed/inner"), 0o755);
    }
  });
});

describe.runIf(posix)("a manifest names policy files only inside the working folder or its own, unless allowed", () => {
  it("refuses a path outside, as written or through a link, without reading it", () => {
    const outside = folder("outside", { "acme.policy.yaml": POLICY });
    const work = folder("work", {
      "absolute.flows.yaml": "policy: /etc/passwd\nflows: []\n",
      "up.flows.yaml": "policy: ../outside/acme.policy.yaml\nflows: []\n",
      "linked.flows.yaml": "policy: ./acme.policy.yaml\nflows: []\n",
    });
    symlinkSync(join(outside, "acme.policy.yaml"), join(work, "acme.policy.yaml"));
    const run = pledge(["lint", ".", "--format", "json"], { cwd: work });
    expectClean(run);
    expect(run.code).toBe(2);
    const why = (file: string) => `the policy file ${file} is outside the folders policy files may come from (.); name a policy file inside them, or allow its folder (pledge lint --allow-policy-path <folder>)`;
    expect(report(run)).toEqual([
      ["work/absolute.flows.yaml", [["unknown-policy", 1, 9, why("/etc/passwd")]]],
      ["work/linked.flows.yaml", [["unknown-policy", 1, 9, why("acme.policy.yaml")]]],
      ["work/up.flows.yaml", [["unknown-policy", 1, 9, why(`${outside}/acme.policy.yaml`)]]],
    ]);
  });

  it("reads a policy file in a folder --allow-policy-path names", () => {
    const outside = folder("allowed", { "acme.policy.yaml": POLICY });
    const work = folder("work-allowed", { "up.flows.yaml": "policy: ../allowed/acme.policy.yaml\nflows: []\n" });
    expect(pledge(["lint", "up.flows.yaml"], { cwd: work }).code).toBe(2);
    const run = pledge(["lint", "up.flows.yaml", "--allow-policy-path", outside], { cwd: work });
    expect(run.stdout).toBe("✔ 1 manifest checked: no problems\n");
    expect(run.code).toBe(0);
  });
});

describe("a value out of range is a finding at its place, and the other files are still reported", () => {
  it("a deletion delay past any calendar (P300000Y with triggeredAt)", () => {
    const at = folder("range", {
      "a.flows.yaml": readFileSync(join(ROOT, "examples/pocketo/violations.flows.yaml"), "utf8"),
      "b.flows.yaml": "policy: pocketo\nflows: []\ndeletion:\n  - { id: d, trigger: account-deletion-requested, triggeredAt: '2026-11-23T10:00:00Z', steps: [ { data: [personal-data], store: backups, after: P300000Y } ] }\n",
    });
    const run = pledge(["lint", ".", "--format", "sarif"], { cwd: at });
    expectClean(run);
    expect(run.code).toBe(2);
    const results = (JSON.parse(run.stdout) as { runs: { results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] }).runs[0]!.results;
    expect(results.filter((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === "a.flows.yaml").length).toBeGreaterThan(0);
    const range = results.find((r) => r.ruleId === "schema-invalid");
    expect(range?.message.text).toBe('after: "P300000Y" is longer than 10000 years, the longest delay pledge can count (deadlines are dates up to the year 9999)');
    expect(range?.locations[0]!.physicalLocation.region).toMatchObject({ startLine: 4, startColumn: 145 });
  });
});

describe.runIf(posix)("process edges", () => {
  it("a working folder deleted under the shell is one line and exit 2", () => {
    const gone = folder("gone");
    const result = spawnSync("sh", ["-c", `cd "${gone}" && rmdir "${gone}" && exec "${process.execPath}" "${CLI}" lint .`], { encoding: "utf8", timeout: TIMEOUT });
    expect(result.stderr).toBe("pledge: the working folder no longer exists; cd into a folder and run pledge again\n");
    expect(result.status).toBe(2);
  });

  it.runIf(existsSync("/dev/full"))("a report that cannot be written (a full disk) is an error, exit 2, not an empty success", () => {
    const full = openSync("/dev/full", "w");
    try {
      const result = spawnSync(process.execPath, [CLI, "lint", join(ROOT, "examples/pocketo/violations.flows.yaml")], { stdio: ["ignore", full, "pipe"], encoding: "utf8", env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } });
      expect(result.stderr).toBe("pledge: cannot write to standard output: ENOSPC (no space left on the device)\n");
      expect(result.status).toBe(2);
    } finally {
      closeSync(full);
    }
  });
});

describe.runIf(posix)("output files (-o, --output, --output-file)", () => {
  const EXAMPLE = join(ROOT, "examples/pocketo");
  /** Every command that writes a file, with the arguments before its output option. */
  const WRITERS: [string, string[]][] = [
    ["lint", ["lint", EXAMPLE, "-o"]],
    ["report", ["report", EXAMPLE, "--output"]],
    ["ropa", ["ropa", EXAMPLE, "-o"]],
    ["export", ["export", EXAMPLE, "--format", "dpv", "-o"]],
    ["init", ["init", "pocketo", "-o"]],
  ];

  it.runIf(existsSync("/proc/self"))("a folder that cannot be made (under /proc) is one line and exit 2, never a hang", () => {
    for (const [command, args] of WRITERS) {
      const run = pledge([...args, "/proc/nope/deeper/out.txt"], { timeout: TIMEOUT });
      expectClean(run);
      expect(run.code, command).toBe(2);
      expect(run.stderr.split("\n").at(-2)).toBe(`pledge ${command}: cannot write /proc/nope/deeper/out.txt: ENOENT (a folder on the way does not exist)`);
    }
  });

  it("a folder in the way, or a file where a folder should be, is one line and exit 2", () => {
    const at = folder("output-in-the-way", { "a-file": "x" });
    for (const [command, args] of WRITERS) {
      const onFolder = pledge([...args, at]);
      expect(onFolder.code, command).toBe(2);
      expect(onFolder.stderr.split("\n").at(-2), command).toBe(command === "init" ? `pledge init: ${at} exists; refusing to overwrite it` : `pledge ${command}: cannot write ${at}: EISDIR (that is a folder)`);
      const underFile = pledge([...args, join(at, "a-file", "out.txt")]);
      expect(underFile.code, command).toBe(2);
      expect(underFile.stderr.split("\n").at(-2), command).toBe(`pledge ${command}: cannot write ${join(at, "a-file", "out.txt")}: ENOTDIR (a part of the path is a file, not a folder)`);
    }
  });

  it("a broken link where a folder should be made is one line and exit 2", () => {
    const at = folder("output-broken-link");
    symlinkSync(join(at, "nowhere"), join(at, "link"));
    for (const [command, args] of WRITERS) {
      const run = pledge([...args, join(at, "link", "out.txt")]);
      expect(run.code, command).toBe(2);
      expect(run.stderr.split("\n").at(-2), command).toBe(`pledge ${command}: cannot write ${join(at, "link", "out.txt")}: EEXIST (a file or a broken link is where a folder should be made)`);
    }
  });

  it("missing folders are made, as mkdir -p makes them", () => {
    const at = folder("output-made");
    for (const [command, args] of WRITERS) {
      const target = join(at, command, "deeper", "out.txt");
      const run = pledge([...args, target]);
      expectClean(run);
      expect([0, 1], command).toContain(run.code);
      expect(readFileSync(target, "utf8").length, command).toBeGreaterThan(100);
    }
  });
});

describe("arguments that used to pass silently", () => {
  it("an empty path, --stdin-filename without -, help for no such command", () => {
    const empty = pledge(["lint", ""]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe("pledge lint: an empty path was given (an unset variable?); name a file or folder, or give none for the current folder\nRun pledge lint --help for usage.\n");
    const name = pledge(["lint", `${FIXTURES}/clean`, "--stdin-filename", "x.flows.json"]);
    expect(name.code).toBe(2);
    expect(name.stderr).toContain("--stdin-filename names standard input, which is read only when - is among the paths");
    const help = pledge(["help", "nosuch"]);
    expect(help.code).toBe(2);
    expect(help.stderr).toBe('pledge: unknown command "nosuch"\nRun pledge --help for the list of commands.\n');
  });
});
