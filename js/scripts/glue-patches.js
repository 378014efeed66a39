// Why this file exists: the rewrites scripts/transpile.js applies to the JavaScript jco generates,
// each checked, so a jco release that generates other code makes the transpile fail loudly instead
// of quietly shipping glue without the fix. They live in the generation step (not only in the
// generated files) because CI regenerates engine-gen/ from scratch.
//
// - keepingByteOrderMarks: jco decodes the strings the guest hands the host (export results and
//   import arguments) with `new TextDecoder()`, which drops a leading U+FEFF; the Rust host keeps
//   it. jco (1.35) has no option for it, so every decoder of the glue gets `ignoreBOM: true`.
// - withoutThrowingJspiProbe: jco's JSPI probe throws a costly TypeError on Node 20 (see below).

/** Every `new TextDecoder(…)` construction of jco's glue, with its arguments. */
const DECODER = /new TextDecoder\(([^()]*)\)/g;

/**
 * `source` with every TextDecoder it constructs keeping a leading byte order mark
 * (`ignoreBOM: true`), so guest strings reach JavaScript whole, as the Rust host gets them.
 * Throws when `source` constructs no TextDecoder (the glue decodes guest strings some other way:
 * review this rewrite), constructs one this rewrite does not know (arguments other than none or an
 * encoding label), or names TextDecoder anywhere else (an alias would escape the rewrite).
 * @param {string} source the generated glue
 * @param {string} [name] its file name, for the error messages
 */
export function keepingByteOrderMarks(source, name = 'the generated glue') {
  let rewritten = 0;
  const out = source.replace(DECODER, (construction, args) => {
    const label = args.trim();
    rewritten++;
    if (label === '') return "new TextDecoder('utf-8', { ignoreBOM: true })";
    if (/^(['"])[A-Za-z0-9_-]+\1$/.test(label)) return `new TextDecoder(${label}, { ignoreBOM: true })`;
    throw new Error(`transpile: ${name} constructs a decoder as \`${construction}\`, which keepingByteOrderMarks does not know how to rewrite; review scripts/glue-patches.js`);
  });
  if (rewritten === 0) {
    throw new Error(`transpile: ${name} no longer constructs a TextDecoder (\`new TextDecoder(…)\`), so the byte order mark fix was not applied; review keepingByteOrderMarks in scripts/glue-patches.js`);
  }
  const mentions = out.match(/\bTextDecoder\b/g).length;
  if (mentions !== rewritten) {
    throw new Error(`transpile: ${name} names TextDecoder ${mentions} times but constructs it ${rewritten} times; a decoder made another way would drop byte order marks; review scripts/glue-patches.js`);
  }
  return out;
}

/**
 * jco's instantiation probes for JSPI with `try { x = WebAssembly.promising(f) } catch { x = f }`
 * about fifteen times. Without JSPI (Node 20) each probe throws a TypeError whose message V8
 * builds by re-parsing the enclosing 10,000-line generator: about 2 ms per probe, 30 ms per
 * instance. The same probe without the throw keeps the semantics and makes an instance ~1 ms.
 * Throws when `source` no longer probes `WebAssembly.promising` or has no `instantiate` export.
 * @param {string} source
 */
export function withoutThrowingJspiProbe(source) {
  const probe = 'WebAssembly.promising(';
  const probes = source.split(probe).length - 1;
  const at = source.indexOf('export function instantiate');
  if (probes === 0 || at < 0) throw new Error('transpile: the generated synco.js no longer probes WebAssembly.promising; review withoutThrowingJspiProbe in scripts/glue-patches.js');
  const helper = 'const _syncoPromising = (f) => (typeof WebAssembly.promising === "function" ? WebAssembly.promising(f) : f);\n';
  const body = source.replaceAll(probe, '_syncoPromising(');
  const moved = body.indexOf('export function instantiate');
  return body.slice(0, moved) + helper + body.slice(moved);
}

/**
 * A generated file as it is written: `synco.js` (the glue) gets both rewrites, each required;
 * any other JavaScript file that decodes text gets the byte order mark one.
 * @param {string} name the file's name in jco's output
 * @param {string} source
 */
export function patchGenerated(name, source) {
  if (name === 'synco.js') return keepingByteOrderMarks(withoutThrowingJspiProbe(source), name);
  if (/\.[cm]?js$/.test(name) && /\bTextDecoder\b/.test(source)) return keepingByteOrderMarks(source, name);
  return source;
}
