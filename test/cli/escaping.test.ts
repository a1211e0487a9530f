import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty } from "../../src/cli/format/github.js";
import { escapeXml } from "../../src/cli/format/junit.js";
import { toUri } from "../../src/cli/format/sarif.js";

describe("format escaping", () => {
  it("github workflow commands: % CR LF in data; also : and , in properties", () => {
    expect(escapeData("100% done\r\nnext: a, b")).toBe("100%25 done%0D%0Anext: a, b");
    expect(escapeProperty("dir,x/a:b.flows.yaml")).toBe("dir%2Cx/a%3Ab.flows.yaml");
  });

  it("junit XML: markup characters and characters XML forbids", () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0001`)).toBe("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
  });

  it("SARIF URIs: repo-relative, forward slashes, percent-encoded segments", () => {
    expect(toUri("my app\\src/a#1.flows.yaml")).toBe("my%20app/src/a%231.flows.yaml");
  });
});
