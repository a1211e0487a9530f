/**
 * pledge's fuzz harness (issue 13): hostile manifests through the API and the built CLI,
 * hostile values and arguments through the public functions, and (in a full run) hostile files,
 * processes and worst-case sizes. Seeded and bounded in time; it counts what it ran and lists
 * every failure: an exception, a crash, a stack trace, an internal error, a hang, more than
 * 1 GB of memory, output that differs between two runs, a finding placed outside its file, a
 * check that failed, or a touched `Object.prototype`.
 *
 * `npm run fuzz` runs it in full (scripts/fuzz.ts); `test/fuzz/fuzz.test.ts` runs a short,
 * fixed-seed part of it inside `npm test`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkDeletionPlan, createGuard, deadlinesFor, lintManifest, parseSource, pocketo, polus, pomeg, resolveBundledPolicy, rightsDeadline, validatePolicy } from "../../src/index.js";
import { decodeText, lintFile, type FileLint } from "../../src/node.js";
import { encodings, exampleSeeds, mutation, specials, type TextCase } from "./cases.js";
import { seeded } from "./random.js";

/** What went wrong, by kind. */
export type FailureKind =
  | "exception"
  | "pollution"
  | "nondeterministic"
  | "bad-location"
  | "check-failed"
  | "crash"
  | "stack-trace"
  | "internal-error"
  | "hang"
  | "memory"
  | "bad-output";

export interface Failure {
  readonly kind: FailureKind;
  readonly label: string;
  readonly detail: string;
}

/** Which parts to run. */
export interface FuzzOptions {
  /** The repository root; the CLI runs from `dist/cli.cjs` (the bin) there. */
  readonly root: string;
  readonly seed: number;
  /** How long to generate random mutations for, after the fixed cases. */
  readonly seconds: number;
  /** Every n-th random mutation also goes through the CLI (0: none). */
  readonly cliEvery: number;
  /** The fixed cases through the CLI too (not only in-process). */
  readonly cliSpecials: boolean;
  /** Hostile files and processes: FIFOs, devices, links, a deleted working folder, a full disk. */
  readonly filesystem: boolean;
  /** Inputs near 64 MiB and the values limit, through the CLI, with their time and memory. */
  readonly worstCase: boolean;
  readonly log?: (line: string) => void;
}

/** One CLI run worth reporting: the worst cases, and the slowest and largest runs. */
export interface Measured {
  readonly label: string;
  readonly code: number | null;
  readonly seconds: number;
  /** Peak resident memory of the process, in MB. */
  readonly peakMB: number;
}

export interface FuzzReport {
  readonly seed: number;
  /** How many inputs each part ran. */
  readonly counts: Record<string, number>;
  readonly failures: readonly Failure[];
  /** The worst cases, when they ran. */
  readonly worstCases: readonly Measured[];
  /** The five slowest and the five largest CLI runs. */
  readonly heaviest: readonly Measured[];
}

const TODAY = "2026-11-23";
const FORMATS = ["stylish", "json", "sarif", "junit", "github"] as const;
const CLI_TIMEOUT_MS = 60_000;
const MEMORY_LIMIT_MB = 1024;
const STACK = /^\s+at .+\(.+:\d+:\d+\)$|\n\s+at [\w.<>]+ \(|\b(?:TypeError|RangeError|ReferenceError): |Maximum call stack|FATAL ERROR|heap out of memory/m;
const PROTOTYPE = Object.getOwnPropertyNames(Object.prototype).join();

function polluted(): boolean {
  return ({} as Record<string, unknown>).polluted !== undefined || Object.getOwnPropertyNames(Object.prototype).join() !== PROTOTYPE || ([] as unknown as Record<string, unknown>).polluted !== undefined;
}

/**
 * Runs the harness and reports what it ran and what failed.
 *
 * @example
 * const report = runFuzz({ root: ".", seed: 1, seconds: 5, cliEvery: 50, cliSpecials: false, filesystem: false, worstCase: false });
 * report.failures //=> []
 */
export function runFuzz(options: FuzzOptions): FuzzReport {
  const log = options.log ?? (() => {});
  const work = mkdtempSync(join(tmpdir(), "pledge-fuzz-"));
  chmodSync(work, 0o755);
  const counts: Record<string, number> = {};
  const failures: Failure[] = [];
  const worst: Measured[] = [];
  const count = (part: string) => void (counts[part] = (counts[part] ?? 0) + 1);
  const fail = (kind: FailureKind, label: string, detail: unknown) => {
    failures.push({ kind, label, detail: String(detail instanceof Error ? `${error(detail)}` : detail).slice(0, 500) });
  };
  const cli = cliRunner(options.root, work);
  let caseNumber = 0;

  /** One manifest through the API twice, and through the CLI twice when `viaCli`. */
  const runCase = (c: TextCase, viaCli: boolean): void => {
    const label = `#${caseNumber++} ${c.label}`;
    count("manifests (API)");
    const file = join(work, "api", c.name);
    const once = (): string => {
      const decoded = decodeText(c.bytes);
      if (!decoded.ok) return decoded.message;
      const lint = lintFile(file, { text: decoded.text, today: TODAY, name: c.name });
      checkLocations(lint, decoded.text, label);
      return JSON.stringify(lint.findings);
    };
    try {
      if (once() !== once()) fail("nondeterministic", label, "two in-process lints differ");
    } catch (thrown) {
      fail("exception", label, thrown);
    }
    if (polluted()) fail("pollution", label, "Object.prototype was changed");
    if (!viaCli) return;
    const folder = join(work, `case-${caseNumber}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, c.name), c.bytes);
    const format = FORMATS[caseNumber % FORMATS.length]!;
    const args = ["lint", c.name, "--format", format, "--now", TODAY];
    const a = cli.run(label, args, { cwd: folder });
    count("manifests (CLI, twice)");
    if (a.code !== null) {
      const b = cli.run(label, args, { cwd: folder });
      if (a.code !== b.code || a.stdout !== b.stdout || a.stderr !== b.stderr) fail("nondeterministic", label, `exit ${a.code} then ${b.code}`);
      if (format === "json" || format === "sarif") {
        try {
          JSON.parse(a.stdout);
        } catch {
          if (a.code !== 2 || a.stdout !== "") fail("bad-output", label, `--format ${format} is not JSON: ${a.stdout.slice(0, 200)}`);
        }
      }
    }
    rmSync(folder, { recursive: true, force: true });
  };

  const checkLocations = (lint: FileLint, text: string, label: string) => {
    const lines = text.split(/\r\n|\r|\n/).length;
    for (const f of [...lint.findings, ...lint.suppressed]) {
      if (f.code === "check-failed") fail("check-failed", label, f.message);
      if (!(f.line >= 1 && f.line <= lines + 1 && f.column >= 1 && (f.endLine > f.line || (f.endLine === f.line && f.endColumn >= f.column)))) {
        fail("bad-location", label, `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message.slice(0, 100)}`);
      }
    }
  };

  try {
    const seeds = exampleSeeds(options.root);
    log("fixed cases: encodings and streams, hand-made cases");
    for (const c of encodings(seeds)) runCase(c, options.cliSpecials);
    for (const c of specials()) runCase(c, options.cliSpecials);

    log("hostile values and arguments through the API");
    apiValues(count, fail, options.worstCase);

    log(`random mutations for ${options.seconds} s (seed ${options.seed})`);
    const random = seeded(options.seed);
    const until = Date.now() + options.seconds * 1000;
    for (let i = 0; Date.now() < until; i++) runCase(mutation(random, seeds), options.cliEvery > 0 && i % options.cliEvery === 0);

    if (options.filesystem) {
      log("hostile files and processes");
      filesystem(options.root, work, cli, count);
    }
    if (options.worstCase) {
      log("worst cases near 64 MiB");
      for (const m of worstCases(work, cli)) {
        count("worst cases (CLI)");
        worst.push(m);
        log(`  ${m.label}: exit ${m.code}, ${m.seconds.toFixed(1)} s, ${m.peakMB.toFixed(0)} MB`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  failures.push(...cli.failures);
  counts["CLI processes"] = cli.runs;
  return { seed: options.seed, counts, failures, worstCases: worst, heaviest: cli.heaviest() };
}

function error(thrown: unknown): string {
  return thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
}

/** A CLI run's outcome. */
interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
  readonly peakMB: number;
}

/**
 * Runs the built CLI and judges each run: its exit code, stack traces, internal errors, hangs and
 * peak memory (read by a preloaded module from `process.resourceUsage()` as the process exits).
 */
function cliRunner(root: string, work: string) {
  const cliPath = join(root, "dist/cli.cjs");
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build first`);
  const preload = join(work, "peak-memory.mjs");
  writeFileSync(preload, 'import { writeFileSync } from "node:fs";\nprocess.on("exit", () => { if (process.env.PLEDGE_FUZZ_PEAK) writeFileSync(process.env.PLEDGE_FUZZ_PEAK, String(process.resourceUsage().maxRSS)); });\n');
  const failures: Failure[] = [];
  const all: Measured[] = [];
  let runs = 0;
  const run = (label: string, args: readonly string[], options: { cwd: string; stdin?: number | "ignore"; stdout?: number; shell?: string }): CliRun => {
    runs++;
    const peakFile = join(work, `peak-${runs}`);
    const env = { PATH: process.env.PATH ?? "", NO_COLOR: "1", PLEDGE_NOW: TODAY, PLEDGE_FUZZ_PEAK: peakFile };
    const started = performance.now();
    const node = [process.execPath, "--import", preload, cliPath];
    const result = options.shell
      ? spawnSync("sh", ["-c", options.shell.replaceAll("$PLEDGE", node.map((p) => `'${p}'`).join(" "))], { cwd: options.cwd, env, encoding: "utf8", timeout: CLI_TIMEOUT_MS, killSignal: "SIGKILL", maxBuffer: 256 * 1024 * 1024 })
      : spawnSync(node[0]!, [...node.slice(1), ...args], { cwd: options.cwd, env, encoding: "utf8", timeout: CLI_TIMEOUT_MS, killSignal: "SIGKILL", maxBuffer: 256 * 1024 * 1024, stdio: [options.stdin ?? "pipe", options.stdout ?? "pipe", "pipe"] });
    const seconds = (performance.now() - started) / 1000;
    let peakMB = 0;
    if (existsSync(peakFile)) {
      peakMB = Number(readFileSync(peakFile, "utf8")) / 1024;
      rmSync(peakFile);
    }
    const out: CliRun = { code: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "", seconds, peakMB };
    all.push({ label, code: out.code, seconds, peakMB });
    const text = out.stdout + out.stderr;
    if (result.error && (result.error as NodeJS.ErrnoException).code === "ETIMEDOUT") failures.push({ kind: "hang", label, detail: `killed after ${CLI_TIMEOUT_MS / 1000} s: ${args.join(" ")}` });
    else if (out.code === null || ![0, 1, 2].includes(out.code)) failures.push({ kind: "crash", label, detail: `exit ${out.code ?? result.signal}: ${out.stderr.slice(0, 300)}` });
    if (STACK.test(text)) failures.push({ kind: "stack-trace", label, detail: text.slice(0, 500) });
    if (/internal error/.test(out.stderr)) failures.push({ kind: "internal-error", label, detail: out.stderr.slice(0, 300) });
    if (peakMB > MEMORY_LIMIT_MB) failures.push({ kind: "memory", label, detail: `${peakMB.toFixed(0)} MB` });
    return out;
  };
  return {
    run,
    failures,
    get runs() {
      return runs;
    },
    /** The five slowest and the five largest runs. */
    heaviest: (): Measured[] => {
      const slow = [...all].sort((a, b) => b.seconds - a.seconds).slice(0, 5);
      const big = [...all].sort((a, b) => b.peakMB - a.peakMB).slice(0, 5);
      return [...new Set([...slow, ...big])];
    },
  };
}

type Count = (part: string) => void;
type Fail = (kind: FailureKind, label: string, detail: unknown) => void;

/** Calls `fn`, counting it under `part`; an exception or a changed prototype is a failure. */
function call(part: string, label: string, fn: () => unknown, count: Count, fail: Fail): unknown {
  count(part);
  try {
    return fn();
  } catch (thrown) {
    fail("exception", `${part}: ${label}`, thrown);
    return undefined;
  } finally {
    if (polluted()) fail("pollution", `${part}: ${label}`, "Object.prototype was changed");
  }
}

/**
 * Hostile JavaScript values and arguments through the public functions, as callers without
 * TypeScript pass them. `heavy` adds the large ones (100,000 flows, a 5,000-term parent chain).
 */
function apiValues(count: Count, fail: Fail, heavy: boolean): void {
  const FLOW = { id: "f", description: "d", action: "share", data: ["chat-content"], recipient: "openai", purposes: ["ai-chat"] };
  const deepObject = (n: number) => {
    let o: unknown = 1;
    for (let i = 0; i < n; i++) o = { a: o };
    return o;
  };
  const deepList = (n: number) => {
    let o: unknown = [];
    for (let i = 0; i < n; i++) o = [o];
    return o;
  };
  const throwing = () => {
    const o = { policy: "pocketo" };
    Object.defineProperty(o, "flows", { enumerable: true, get: () => { throw new Error("boom from a getter"); } });
    return o;
  };
  const trap = () => {
    const fails = () => {
      throw new Error("boom from a proxy");
    };
    return new Proxy({}, { get: fails, ownKeys: fails, getOwnPropertyDescriptor: fails, has: fails });
  };
  const revoked = () => {
    const r = Proxy.revocable({}, {});
    r.revoke();
    return r.proxy;
  };
  const cyclic = () => {
    const o: Record<string, unknown> = { policy: "pocketo", flows: [] };
    (o.flows as unknown[]).push(o);
    return o;
  };
  const sparse = (length: number) => {
    const list: unknown[] = [];
    list.length = length;
    return { policy: "pocketo", flows: list };
  };
  const values: Record<string, () => unknown> = {
    null: () => null, undefined: () => undefined, number: () => 42, NaN: () => NaN, string: () => "pocketo", bigint: () => 10n, symbol: () => Symbol("x"), function: () => () => 1,
    list: () => [], "invalid Date": () => new Date(NaN), Map: () => new Map([["policy", "pocketo"]]), "typed array": () => new Uint8Array(10),
    "deep object (unknown key)": () => ({ policy: "pocketo", flows: [], x: deepObject(100_000) }), "deep list as flows": () => ({ policy: "pocketo", flows: deepList(10_000) }),
    "deep list in data": () => ({ policy: "pocketo", flows: [{ ...FLOW, data: deepList(10_000) }] }), "cyclic flows": cyclic, "throwing getter": throwing, "throwing proxy": trap, "revoked proxy": revoked,
    "__proto__ from JSON.parse": () => JSON.parse('{"policy":"pocketo","flows":[],"__proto__":{"polluted":"yes"}}'), "null-prototype objects": () => Object.assign(Object.create(null), { policy: "pocketo", flows: [Object.assign(Object.create(null), FLOW)] }),
    "sparse list of 2^32-1": () => sparse(2 ** 32 - 1), "String object": () => ({ policy: new String("pocketo"), flows: [] }), frozen: () => Object.freeze({ policy: "pocketo", flows: Object.freeze([Object.freeze({ ...FLOW })]) }),
    "symbol key": () => ({ policy: "pocketo", flows: [], [Symbol("s")]: 1 }), "bigint age": () => ({ policy: "pocketo", flows: [{ ...FLOW, audience: { minimumAge: 10n } }] }),
    "function in an unknown key": () => ({ policy: "pocketo", flows: [FLOW], x: () => 1 }),
  };
  if (heavy) values["100k flows"] = () => ({ policy: "pocketo", flows: Array.from({ length: 100_000 }, (_, i) => ({ ...FLOW, id: `f${i}` })) });
  for (const [label, make] of Object.entries(values)) call("lintManifest", label, () => lintManifest(make(), resolveBundledPolicy, { today: TODAY }), count, fail);

  for (const [label, text, format] of [
    ["bogus format", "policy: pocketo", "bogus"], ["empty", "", "auto"], ["lone surrogate", "policy: \uD800", "yaml"], ["NUL", "a: \u0000", "yaml"], ["10k [", "[".repeat(10_000), "json"],
    ["1M {", "{".repeat(1_000_000), "auto"], ["1M - ", "- ".repeat(1_000_000), "yaml"], ["500k ?", "? ".repeat(500_000), "yaml"], ["300k anchors", `${"&a ".repeat(300_000)}x`, "yaml"],
    ["500k aliases", `a: &a x\nb: [${"*a,".repeat(500_000)}]`, "yaml"], ["a number", 42, "yaml"], ["null", null, "auto"],
  ] as const) {
    call("parseSource", label, () => parseSource(text as string, format as "yaml"), count, fail);
  }

  const guard = createGuard(pocketo);
  const flows: Record<string, typeof FLOW & Record<string, unknown>> = {
    "terms __proto__, constructor, toString": { ...FLOW, data: ["__proto__"], recipient: "constructor", purposes: ["toString", "hasOwnProperty"], action: "valueOf" },
    "empty lists": { ...FLOW, data: [], purposes: [] }, "unknown terms": { ...FLOW, data: ["x"], recipient: "y", purposes: ["z"], action: "w" },
    "minimumAge NaN": { ...FLOW, audience: { minimumAge: NaN } }, "minimumAge -Infinity": { ...FLOW, audience: { minimumAge: -Infinity } }, "location __proto__": { ...FLOW, location: "__proto__" },
    "5k data terms": { ...FLOW, data: Array(5000).fill("chat-content") },
  };
  for (const [label, flow] of Object.entries(flows)) call("guard.check", label, () => guard.check(flow as never), count, fail);

  const instants: unknown[] = ["2026-11-23T10:00:00Z", "2026-02-30T00:00:00Z", "+275760-09-13T00:00:00Z", "-271821-04-20T00:00:00Z", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00+23:59", "2026-11-23", "", new Date(NaN), new Date(8.64e15), new Date(-8.64e15), new Date(253402300800000), 42, null, undefined, { toString: () => "2026-11-23T10:00:00Z" }];
  const events: unknown[] = ["account-deletion-requested", "__proto__", "constructor", "", "x".repeat(100_000), 42, null, undefined, ["account-deletion-requested"]];
  for (const policy of [pocketo, pomeg, polus]) {
    for (const event of events) for (const at of instants) call("deadlinesFor", `${policy.id} ${String(event).slice(0, 30)} ${String(at)}`, () => deadlinesFor(policy, event as string, at as string), count, fail);
    for (const right of ["access", "erasure", "__proto__", "", 42, null]) for (const at of instants) call("rightsDeadline", `${policy.id} ${String(right)} ${String(at)}`, () => rightsDeadline(policy, right as string, at as string), count, fail);
  }
  const durations: unknown[] = ["P7D", "P-1D", "P99999999Y", "P9999999999999999999999D", `P${"9".repeat(400)}D`, "PT99999999999H", "P10000Y", "P10001Y", "PT0.5S", "PT0S", "P", "30 days", "", "P1M", 42, null];
  for (const after of durations) {
    for (const triggeredAt of [undefined, "2026-11-23T10:00:00Z", "2026-02-30T00:00:00Z", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00+23:59", 42]) {
      const plan = { id: "p", trigger: "account-deletion-requested", ...(triggeredAt !== undefined ? { triggeredAt } : {}), steps: [{ data: ["personal-data"], store: "backups", after }, { data: ["__proto__"], store: "constructor", after: "P1D" }] };
      call("checkDeletionPlan", `after ${String(after).slice(0, 30)}, triggeredAt ${String(triggeredAt)}`, () => checkDeletionPlan(pocketo, plan as never), count, fail);
    }
  }

  const policies: Record<string, () => unknown> = {
    null: () => null, "{}": () => ({}), "a bundled policy": () => structuredClone(pocketo),
    "a term its own parent": () => {
      const p = structuredClone(pocketo) as unknown as { vocabulary: { id: string; parents?: string[] }[] };
      const term = p.vocabulary.find((t) => (t.parents?.length ?? 0) > 0);
      if (term) term.parents = [term.id];
      return p;
    },
    [heavy ? "5,000 terms in a parent chain" : "50 terms in a parent chain"]: () => {
      const p = structuredClone(pocketo) as unknown as { vocabulary: { id: string; kind?: string; parents?: string[] }[] };
      const proto = p.vocabulary.find((t) => (t.parents?.length ?? 0) > 0);
      let parent = proto?.parents?.[0] ?? "";
      for (let i = 0; proto && i < (heavy ? 5000 : 50); i++) {
        p.vocabulary.push({ ...structuredClone(proto), id: `chain-${i}`, parents: [parent] });
        parent = `chain-${i}`;
      }
      return p;
    },
    "retention of P300000Y": () => {
      const p = structuredClone(pocketo) as unknown as { retention: { maxDelay: string }[] };
      if (p.retention[0]) p.retention[0].maxDelay = "P300000Y";
      return p;
    },
  };
  for (const [label, make] of Object.entries(policies)) {
    const valid = call("validatePolicy", label, () => validatePolicy(make()), count, fail) as { ok?: boolean } | undefined;
    if (valid?.ok) call("createGuard", label, () => createGuard(make() as never).check(FLOW as never), count, fail);
    if (valid?.ok) call("deadlinesFor", `policy: ${label}`, () => deadlinesFor(make() as never, "account-deletion-requested", "2026-11-23T10:00:00Z"), count, fail);
  }
}

type Runner = ReturnType<typeof cliRunner>;

/** Hostile files and processes: each a located finding or one line, never a hang. */
function filesystem(root: string, work: string, cli: Runner, count: Count): void {
  const at = join(work, "fs");
  mkdirSync(at, { recursive: true });
  const good = readFileSync(join(root, "examples/pocketo/app.flows.yaml"), "utf8");
  const write = (file: string, text: string) => {
    mkdirSync(join(at, file, ".."), { recursive: true });
    writeFileSync(join(at, file), text);
  };
  const posix = process.platform !== "win32";
  const cases: [string, () => CliRun | undefined][] = [];
  const lint = (label: string, args: string[], extra: Parameters<Runner["run"]>[2] = { cwd: at }) => cases.push([label, () => cli.run(label, ["lint", ...args], extra)]);
  if (posix) {
    execFileSync("mkfifo", [join(at, "fifo.flows.yaml")]);
    write("fifo-policy.flows.yaml", "policy: ./fifo.flows.yaml\nflows: []\n");
    lint("a FIFO named", ["fifo.flows.yaml"]);
    lint("a FIFO as the policy path", ["fifo-policy.flows.yaml"]);
    write("fork/sub/a.flows.yaml", good);
    symlinkSync("..", join(at, "fork/sub/u1"));
    symlinkSync("..", join(at, "fork/sub/u2"));
    lint("two links to .. (a fork)", ["fork"]);
    write("loop/a.flows.yaml", good);
    symlinkSync(".", join(at, "loop/self"));
    lint("a link to . (a loop)", ["loop"]);
    symlinkSync("self.flows.yaml", join(at, "self.flows.yaml"));
    lint("a file link to itself", ["self.flows.yaml"]);
    write("dangling/a.flows.yaml", good);
    symlinkSync("nowhere.flows.yaml", join(at, "dangling/b.flows.yaml"));
    lint("a broken link in a folder", ["dangling"]);
    write("dir.flows.yaml/inner.flows.yaml", good);
    lint("a folder named like a manifest", ["dir.flows.yaml"]);
    cases.push(["a deleted working folder", () => cli.run("a deleted working folder", [], { cwd: at, shell: `mkdir -p gone && cd gone && rmdir ../gone && exec $PLEDGE lint .` })]);
  }
  if (existsSync("/dev/zero")) {
    write("zero.flows.yaml", "policy: /dev/zero\nflows: []\n");
    lint("policy: /dev/zero", ["zero.flows.yaml"]);
    lint("policy: /dev/zero, allowed", ["zero.flows.yaml", "--allow-policy-path", "/dev"]);
    lint("/dev/zero named", ["/dev/zero"]);
    cases.push(["/dev/zero on standard input", () => {
      const zero = openSync("/dev/zero", "r");
      try {
        return cli.run("/dev/zero on standard input", ["lint", "-"], { cwd: at, stdin: zero });
      } finally {
        closeSync(zero);
      }
    }]);
  }
  if (existsSync("/dev/full")) {
    write("m.flows.yaml", readFileSync(join(root, "examples/pocketo/violations.flows.yaml"), "utf8"));
    cases.push(["standard output is /dev/full", () => {
      const full = openSync("/dev/full", "w");
      try {
        return cli.run("standard output is /dev/full", ["lint", "m.flows.yaml"], { cwd: at, stdout: full });
      } finally {
        closeSync(full);
      }
    }]);
    lint("--output-file /dev/full", ["m.flows.yaml", "-o", "/dev/full"]);
  }
  write("m.flows.yaml", good);
  const ARGUMENTS: readonly (readonly string[])[] = [
    ["lint", "m.flows.yaml", "--format", "nosuch"], ["lint", "m.flows.yaml", "--format", "__proto__"], ["lint", "m.flows.yaml", "--format"], ["lint", "m.flows.yaml", "--max-warnings", "-1"],
    ["lint", "m.flows.yaml", "--max-warnings", "99999999999999999999999"], ["lint", "m.flows.yaml", "--now", "2026-02-30"], ["lint", "m.flows.yaml", "--now", "+275760-09-13"],
    ["lint", "m.flows.yaml", "--now", "275760-09-13T00:00:00Z"], ["lint", "m.flows.yaml", "--now", "0000-01-01"], ["lint", "m.flows.yaml", "-", "-"], ["lint", "m.flows.yaml", "-o", ""],
    ["lint", "m.flows.yaml", "-o", "/"], ["lint", "m.flows.yaml", "-o", "m.flows.yaml/x"], ["lint", "--", "-weird.flows.yaml"], ["nosuch"], [""], ["help", "nosuch"], ["explain"],
    ["explain", "m.flows.yaml", "__proto__"], ["init", "__proto__"], ["show", "__proto__"], ["show", "pocketo", "--format", "nosuch"], ["analyze", "/dev/null"], ["analyze", "m.flows.yaml"],
    ["deadline", "pocketo", "--event", "account-deletion-requested", "--at", "+275760-09-13T00:00:00Z"], ["deadline", "pocketo", "--event", "__proto__", "--at", "2026-11-23T10:00:00Z"],
    ["deadline", "/dev/zero", "--event", "x", "--at", "2026-11-23T10:00:00Z"], ["deadline", "pocketo", "--right", "access", "--at", "9999-12-31T23:59:59-23:59"], ["verify-source", "__proto__"],
    ["policies", "extra"], ["report", "m.flows.yaml", "-o", "/"], ["ropa", "nosuch"], ["export", "m.flows.yaml", "--format", "nosuch"],
  ];
  for (const args of ARGUMENTS) cases.push([`arguments ${JSON.stringify(args)}`, () => cli.run(`arguments ${JSON.stringify(args)}`, args, { cwd: at })]);
  lint("an empty path", [""]);
  lint("--stdin-filename without -", ["m.flows.yaml", "--stdin-filename", "x.json"]);
  lint("the same file three ways", ["m.flows.yaml", "./m.flows.yaml", join(at, "m.flows.yaml")]);
  lint("--output-file a folder", ["m.flows.yaml", "-o", "."]);
  writeFileSync(join(at, "sparse.flows.yaml"), "");
  truncateSync(join(at, "sparse.flows.yaml"), 2 ** 40);
  lint("a 1 TB sparse file", ["sparse.flows.yaml"]);
  for (const [, run] of cases) {
    count("files and processes (CLI)");
    run();
  }
}

/** Inputs near the size and values limits, each once through the CLI, with time and memory. */
function worstCases(work: string, cli: Runner): Measured[] {
  const at = join(work, "worst");
  mkdirSync(at, { recursive: true });
  const MiB = 1024 * 1024;
  const flow = (i: number, recipient: string) => `  - { id: f${i}, description: chat sent to a model, action: share, data: [chat-content], recipient: ${recipient}, purposes: [ai-chat] }\n`;
  const fill = (head: string, item: (i: number) => string, tail = "", limit = 64 * MiB - 1024) => {
    const parts = [head];
    let size = head.length + tail.length;
    for (let i = 0; ; i++) {
      const next = item(i);
      if (size + next.length > limit) break;
      parts.push(next);
      size += next.length;
    }
    parts.push(tail);
    return parts.join("");
  };
  const cases: Record<string, () => string> = {
    "64 MiB of nulls in a flow list": () => fill("policy: pocketo\nflows: [", () => "~,", "~]\n"),
    "64 MiB of unknown keys": () => fill("policy: pocketo\nflows: []\n", (i) => `k${i}: 0\n`),
    "64 MiB of flows with unknown recipients": () => fill("policy: pocketo\nflows:\n", (i) => flow(i, `opnai${i}`)),
    "64 MiB of JSON zeros": () => fill('{"policy":"pocketo","flows":[', () => "0,", "0]}"),
    "a million nulls (2 MB)": () => `policy: pocketo\nflows: [${Array(1_000_000).fill("~").join(",")}]\n`,
    "a million-null data list in one flow": () => `policy: pocketo\nflows:\n  - { id: f, description: d, action: share, recipient: openai, purposes: [ai-chat], data: [${Array(1_000_000).fill("~").join(",")}] }\n`,
    "100,000 flows sharing anchors": () => fill("policy: pocketo\nshared: { data: &d [chat-content], purposes: &p [ai-chat] }\nflows:\n", (i) => `  - { id: f${i}, description: chat sent to a model, action: share, data: *d, recipient: openai, purposes: *p }\n`, "", 12 * MiB),
    "100,000 flows, a third omitted": () => fill("policy: pocketo\nflows:\n", (i) => flow(i, i % 3 ? "openai" : "mistral"), "", 13 * MiB),
    "a 64 MiB comment": () => `policy: pocketo\nflows: []\n# ${"x".repeat(64 * MiB - 64)}\n`,
  };
  const measured: Measured[] = [];
  for (const [label, make] of Object.entries(cases)) {
    const name = label.includes("JSON") ? "m.flows.json" : "m.flows.yaml";
    writeFileSync(join(at, name), make());
    const run = cli.run(label, ["lint", name, "--format", "json"], { cwd: at });
    measured.push({ label, code: run.code, seconds: run.seconds, peakMB: run.peakMB });
    rmSync(join(at, name));
  }
  return measured;
}
