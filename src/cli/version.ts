import { version } from "../../package.json";

/** The version of pledge, from package.json (inlined in the bundled CLI at build time). */
export const VERSION: string = version;
