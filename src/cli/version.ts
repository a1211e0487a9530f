import { name, version } from "../../package.json";

/** The version of pledge, from package.json (inlined in the bundled CLI at build time). */
export const VERSION: string = version;

/** The name pledge is published under on npm (its command is `pledge`; the npm name `pledge` is another package's). */
export const PACKAGE_NAME: string = name;
