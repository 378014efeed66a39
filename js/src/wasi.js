// Why this file exists: a Rust wasm32-wasip2 component imports a few WASI interfaces through its
// standard library (`wasi:io/*`, `wasi:cli/*`, `wasi:random/insecure-seed`). The Rust host answers
// them with an empty context (host/src/sandbox.rs): no arguments, no environment, stdin empty,
// stdout and stderr discarded, and a fixed hash seed. This module gives the same answers under
// Node. `@bytecodealliance/preview2-shim` is not used at run time on purpose: its `wasi:cli`
// hands the guest `process.env` and the real stdio, and its `insecure-seed` is random, which would
// make `HashMap` iteration (and so possibly outputs) differ from the wasmtime host.

/** The constant hash seed of the Rust host ("synco hash seed" in ASCII, padded). */
export const HASH_SEED = Object.freeze([0x7379_6e63_6f20_6861n, 0x7368_2073_6565_6400n]);

/** Raised when the guest calls `wasi:cli/exit`: it ends the call like a trap. */
export class GuestExit extends Error {
  /** @param {boolean} ok */
  constructor(ok) {
    super(`the engine exited (${ok ? 'success' : 'failure'}) instead of returning`);
    this.name = 'GuestExit';
  }
}

class IoError {
  toDebugString() {
    return 'stream error';
  }
}

class Pollable {
  /** Every stream is always ready: nothing ever blocks. */
  block() {}
  ready() {
    return true;
  }
}

class InputStream {
  /** stdin is empty. */
  read() {
    throw { tag: 'closed' };
  }
  blockingRead() {
    throw { tag: 'closed' };
  }
  subscribe() {
    return new Pollable();
  }
}

/** stdout and stderr: accepted and discarded, like the Rust host's empty context. */
class OutputStream {
  checkWrite() {
    return 1n << 20n;
  }
  write(_contents) {}
  blockingWriteAndFlush(_contents) {}
  flush() {}
  blockingFlush() {}
  subscribe() {
    return new Pollable();
  }
}

class TerminalInput {}
class TerminalOutput {}

/**
 * The WASI imports of the component, keyed as jco's generated code looks them up (unversioned).
 * @returns {Record<string, object>}
 */
export function wasiImports() {
  const stdin = new InputStream();
  const stdout = new OutputStream();
  const stderr = new OutputStream();
  return {
    'wasi:cli/environment': { getEnvironment: () => [], getArguments: () => [], initialCwd: () => undefined },
    'wasi:cli/exit': {
      exit(status) {
        throw new GuestExit(status?.tag === 'ok');
      },
    },
    'wasi:cli/stdin': { getStdin: () => stdin },
    'wasi:cli/stdout': { getStdout: () => stdout },
    'wasi:cli/stderr': { getStderr: () => stderr },
    'wasi:cli/terminal-input': { TerminalInput },
    'wasi:cli/terminal-output': { TerminalOutput },
    'wasi:cli/terminal-stdin': { getTerminalStdin: () => undefined },
    'wasi:cli/terminal-stdout': { getTerminalStdout: () => undefined },
    'wasi:cli/terminal-stderr': { getTerminalStderr: () => undefined },
    'wasi:io/error': { Error: IoError },
    'wasi:io/poll': { Pollable, poll: (list) => new Uint32Array(list.map((_, i) => i)) },
    'wasi:io/streams': { InputStream, OutputStream },
    'wasi:random/insecure-seed': { insecureSeed: () => [HASH_SEED[0], HASH_SEED[1]] },
  };
}
