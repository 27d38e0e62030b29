// The redirect pages of aliases (tests/fixtures/redirects/moved, served under
// /guide/ as its base_url says), as a browser follows them: an old URL lands on
// the page's current one with the old URL's #fragment kept and that section in
// view; without JavaScript the meta refresh still gets there; an escaped old
// URL works; and Back from the page a redirect led to returns to where the
// reader was, not to the redirect (which would send them forward again).
// The Nu HTML checker validates these pages in vnu.test.mjs.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openPage, setup } from "./helpers.mjs";

let ctx;
before(async () => {
  ctx = await setup({ root: "tests/fixtures/redirects/moved", path: "/guide/" });
});
after(async () => {
  await ctx?.close();
});

/** Opens `path` and waits until the browser has left it for a page of `target`. */
async function follow(path, target, options) {
  const page = await openPage(ctx, path, options);
  await page.waitForURL((url) => url.pathname === target);
  await page.waitForLoadState("load");
  return page;
}

test("an old tier URL below a topic's alias lands on the tier page, at the section its fragment names", async () => {
  const page = await follow("/guide/power/fundamentals/#what-it-is", "/guide/energy/fundamentals/");
  assert.equal(new URL(page.url()).hash, "#what-it-is");
  assert.equal(await page.locator("h1").innerText(), "Energy, simply");
  // The browser scrolled to the section, as for any link with a fragment.
  await page.waitForFunction(() => {
    const top = document.getElementById("what-it-is").getBoundingClientRect().top;
    return top >= 0 && top < innerHeight / 2;
  });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("without JavaScript the meta refresh redirects, from a file alias and from a topic's", async () => {
  for (const [from, to] of [
    ["/guide/chapter_1.html", "/guide/energy/fundamentals/"],
    ["/guide/physics/power/", "/guide/energy/"],
    ["/guide/guides/begin.html", "/guide/guides/start/"],
  ]) {
    const page = await follow(from, to, { javaScriptEnabled: false });
    assert.ok((await page.locator("h1").innerText()).length > 0, `${from} reached a page with a heading`);
    await page.context().close();
  }
});

test("an old URL with an escaped space reaches its page", async () => {
  const page = await follow("/guide/old%20notes/energy/", "/guide/energy/academic/");
  assert.equal(await page.locator("h1").innerText(), "Energy, formally");
  await page.context().close();
});

test("Back after following a link to an old URL returns to the page the reader came from", async () => {
  const page = await openPage(ctx, "/guide/guides/start/");
  await page.getByRole("link", { name: "energy", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/guide/energy/fundamentals/");
  await page.getByRole("link", { name: "the older address" }).click();
  await page.waitForURL((url) => url.hash === "#what-it-is");
  assert.equal(new URL(page.url()).pathname, "/guide/energy/fundamentals/");
  await page.goBack();
  await page.waitForURL((url) => url.pathname === "/guide/energy/fundamentals/" && url.hash === "");
  await page.goBack();
  await page.waitForURL((url) => url.pathname === "/guide/guides/start/");
  await page.context().close();
});
