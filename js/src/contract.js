// Why this file exists: the capability functions the component imports (wit/ `model`, `kms`,
// `store`, `clock`, `log`), listed once. The in-thread engine's denying imports, the replay
// journal's imports and the isolated thread's capability bridge are all built from this list, so a
// function added to the contract is added here and implemented in forge-adapter.js, nowhere else
// (test/contract.test.js holds this list to wit/engine.wit).

/** The functions of each capability interface, by interface (jco's names). */
export const CAPABILITY_FUNCTIONS = Object.freeze({
  model: Object.freeze(['generate', 'embed']),
  kms: Object.freeze(['seal', 'open', 'digest', 'randomBytes']),
  store: Object.freeze(['get', 'put', 'delete', 'list']),
  clock: Object.freeze(['now']),
  log: Object.freeze(['emit']),
});

/**
 * The component's imports, every capability function answered by `handle(iface, fn, args)`.
 * @param {(iface: string, fn: string, args: unknown[]) => unknown} handle
 */
export function capabilityImports(handle) {
  return Object.fromEntries(
    Object.entries(CAPABILITY_FUNCTIONS).map(([iface, fns]) => [
      `synco:engine/${iface}`,
      Object.fromEntries(fns.map((fn) => [fn, (...args) => handle(iface, fn, args)])),
    ]),
  );
}
