// Why this file exists: the typed errors of the JavaScript API. The component reports failures as
// WIT variants (`{tag, val}`); jco throws them wrapped in a `ComponentError`. Callers get one class
// per contract error type instead, with the variant kept as `tag`/`val` and a readable sentence as
// the message, plus classes for what the contract does not cover (a trap, a host failure, a
// deadline).

/** The base class of every error the engine API throws. */
export class EngineError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'EngineError';
  }
}

/** A failure the contract names: `tag` and `val` are the WIT variant, as the component sent it. */
export class ContractError extends EngineError {
  constructor(kind, payload, options) {
    super(`${kind}: ${describeVariant(payload)}`, options);
    this.name = 'ContractError';
    /** The variant's case, e.g. `invalid-issue`. */
    this.tag = payload?.tag;
    /** The variant's payload (a nested variant, a string, a bigint, or undefined). */
    this.val = payload?.val;
  }
}

/** `sync-error`: a sync, an indexing or a related-pages call failed at a named step. */
export class SyncError extends ContractError {
  constructor(payload, options) {
    super('the sync failed', payload, options);
    this.name = 'SyncError';
  }
}

/** `document-error`: an issue or a page could not be read. */
export class DocumentError extends ContractError {
  constructor(payload, options) {
    super('the document could not be read', payload, options);
    this.name = 'DocumentError';
  }
}

/** `redaction-error`: a redactor could not be made or used. */
export class RedactionError extends ContractError {
  constructor(payload, options) {
    super('redaction failed', payload, options);
    this.name = 'RedactionError';
  }
}

/** `ranking-error`: a ranking could not be computed. */
export class RankingError extends ContractError {
  constructor(payload, options) {
    super('ranking failed', payload, options);
    this.name = 'RankingError';
  }
}

/** The component trapped (a panic, an out-of-bounds access, an exit): the call is lost, the
 * instance is discarded, nothing else is affected. */
export class EngineTrap extends EngineError {
  constructor(message, options) {
    super(`the engine failed while handling the request: ${message}`, options);
    this.name = 'EngineTrap';
  }
}

/** The guest tried to hold more memory than the engine's cap (`memoryLimitBytes`): its
 * allocation failed and the call was stopped; the instance is discarded, nothing else is affected. */
export class MemoryLimitError extends EngineError {
  /** @param {number} limitBytes */
  constructor(limitBytes, options) {
    super(`the request tried to use more than ${limitBytes} bytes of memory and was stopped`, options);
    this.name = 'MemoryLimitError';
    /** The cap, in bytes. */
    this.limitBytes = limitBytes;
  }
}

/** A capability of the host failed in a way the contract has no variant for. */
export class HostError extends EngineError {
  constructor(message, options) {
    super(message, options);
    this.name = 'HostError';
  }
}

/** The call ran past its deadline: the in-thread engine checks it at every capability call
 * (Node cannot interrupt wasm on the thread waiting for it); the isolated engine stops its
 * worker thread wherever the guest is. */
export class DeadlineError extends EngineError {
  constructor(ms, options) {
    super(`the request ran past its deadline of ${ms} ms and was stopped`, options);
    this.name = 'DeadlineError';
  }
}

/** A size over a limit (UTF-8 bytes), with both figures: the base of the request and result
 * limits below, whose messages are the Rust host's. */
class SizeLimitError extends EngineError {
  /** @param {string} what @param {number} size @param {number} limit */
  constructor(what, size, limit, options) {
    super(`the ${what} is ${size} bytes; the limit is ${limit} bytes`, options);
    /** The size in bytes. */
    this.size = size;
    /** The limit in bytes. */
    this.limit = limit;
  }
}

/** A request whose texts sum to more bytes (UTF-8) than the limit, refused before the guest sees
 * it: the Rust host's `EngineError::PayloadTooLarge` (5 MiB, Forge's payload limit), checked on the
 * same calls (`sync`, `indexPage`, `related`) over the same texts, with the same message. */
export class PayloadTooLargeError extends SizeLimitError {
  /** @param {number} size @param {number} limit */
  constructor(size, limit, options) {
    super('request', size, limit, options);
    this.name = 'PayloadTooLargeError';
  }
}

/** A result larger (UTF-8 bytes) than the limit, refused before it is handed back: the Rust
 * host's `SandboxError::OutputTooLarge` (5 MiB, so the result fits back through Forge), with the
 * same message. */
export class OutputTooLargeError extends SizeLimitError {
  /** @param {number} size @param {number} limit */
  constructor(size, limit, options) {
    super('result', size, limit, options);
    this.name = 'OutputTooLargeError';
  }
}

/** A text argument that is not well-formed Unicode (it holds a lone surrogate, which UTF-8 cannot
 * carry: encoding it for the guest would put U+FFFD in its place). Refused before anything reaches
 * the guest; `argument` names the text, e.g. `texts[1]` or `request.page`. */
export class MalformedTextError extends EngineError {
  /** @param {string} argument */
  constructor(argument, options) {
    super(`${argument} is not well-formed text: it holds a lone surrogate, which cannot be encoded as UTF-8`, options);
    this.name = 'MalformedTextError';
    /** Which argument (a path into the call's arguments). */
    this.argument = argument;
  }
}

const STEP = {
  'invalid-issue': 'the issue JSON could not be read',
  'invalid-page': 'a page body could not be read',
  redaction: 'redaction failed',
  ranking: 'ranking failed',
  prompt: 'the prompt could not be built',
  model: 'the model call failed',
  'bad-model-output': 'the model answered with something that is not a page section',
  kms: 'a KMS call failed',
  store: 'a store call failed',
};

/** A readable sentence for a (possibly nested) WIT variant. */
export function describeVariant(v) {
  if (v === null || v === undefined) return 'unknown error';
  if (typeof v !== 'object' || !('tag' in v)) return String(v);
  const head = STEP[v.tag] ?? v.tag.replaceAll('-', ' ');
  if (v.val === undefined) return head;
  if (typeof v.val === 'object' && v.val !== null && 'tag' in v.val) return `${head}: ${describeVariant(v.val)}`;
  return `${head} (${String(v.val)})`;
}
