// `npm run build`: compiles the portal's themed USWDS 3 (src/portal.scss) into
// ../portal/static/portal/uswds/, with the JS (menu button), the images the CSS points at and the licence;
// copies axe-core for the UI walk into ../tests/portal/vendor/. The built files are committed: the
// project's tests and demo never need npm.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const uswds = "node_modules/@uswds/uswds";
const out = "../portal/static/portal/uswds";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const css = join(out, "uswds.min.css");
execFileSync(
  "node_modules/.bin/sass",
  ["--no-source-map", "--style=compressed", "--quiet", `--load-path=${uswds}/packages`, "src/portal.scss", css],
  { stdio: "inherit" },
);
// Only the images the compiled CSS asks for (the full set is 10 MB).
const images = new Set([...readFileSync(css, "utf8").matchAll(/url\("?(img\/[^")]+)"?\)/g)].map((m) => m[1]));
for (const image of images) {
  mkdirSync(dirname(join(out, image)), { recursive: true });
  copyFileSync(join(uswds, "dist", image), join(out, image));
}
for (const icon of ["close.svg"]) {
  copyFileSync(join(uswds, "dist/img/usa-icons", icon), join(out, "img/usa-icons", icon));
}
copyFileSync(join(uswds, "dist/js/uswds.min.js"), join(out, "uswds.min.js"));
copyFileSync(join(uswds, "LICENSE.md"), join(out, "LICENSE.md"));
const version = JSON.parse(readFileSync(join(uswds, "package.json"), "utf8")).version;
writeFileSync(join(out, "VERSION"), `@uswds/uswds ${version}\n`);

const axe = JSON.parse(readFileSync("node_modules/axe-core/package.json", "utf8")).version;
copyFileSync("node_modules/axe-core/axe.min.js", `../tests/portal/vendor/axe-core-${axe}.min.js`);
copyFileSync("node_modules/axe-core/LICENSE", "../tests/portal/vendor/axe-core-LICENSE");

console.log(`USWDS ${version}: ${css} (${statSync(css).size} bytes), ${images.size} images; axe-core ${axe}`);
