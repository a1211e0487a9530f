/**
 * zod for the CLI. Its JIT compiles each object schema's parser with `new Function` as the schema
 * is built: in one short process that costs more than it saves (BENCHMARKS.md). The switch is read
 * when a schema is built, so it must be thrown before a module that builds schemas loads; and zod
 * must not load at all for `pledge lint` of well-formed manifests. So this module is loaded on
 * demand, and imports `config` by name (the bundle then holds zod's core, not its locales). An
 * application importing the library keeps zod's default.
 */
import { config } from "zod";

/**
 * Switches zod's JIT off. Call it before loading a module that builds schemas.
 *
 * @example
 * (await import("./zod.js")).jitlessZod();
 * const { explainCommand } = await import("./commands/explain.js");
 */
export function jitlessZod(): void {
  config({ jitless: true });
}
