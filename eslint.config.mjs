// eslint (npm devDependency) over the page scripts and the node scripts that
// test and measure them; run by `ctest -R lint.js` (tests/CMakeLists.txt).
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["build*/**", "node_modules/**"] },
  js.configs.recommended,
  {
    files: ["templates/static/*.js"],
    languageOptions: { sourceType: "module", globals: globals.browser },
  },
  {
    // The e2e tests also hold functions that run in the page (page.evaluate).
    files: ["*.mjs", "scripts/*.mjs", "tests/e2e/*.mjs"],
    languageOptions: { sourceType: "module", globals: { ...globals.node, ...globals.browser } },
  },
];
