// Why this file exists: an isolated engine's errors are thrown on its worker thread and must
// reach the caller as the same typed errors the in-thread engine throws (errors.js). Structured
// cloning keeps an Error's message but not its class or fields, so errors cross as plain data
// (`errorToWire`) and are rebuilt on the main thread (`errorFromWire`).

import {
  ContractError,
  DocumentError,
  EngineError,
  EngineTrap,
  HostError,
  MalformedTextError,
  MemoryLimitError,
  OutputTooLargeError,
  PayloadTooLargeError,
  RankingError,
  RedactionError,
  SyncError,
} from './errors.js';
import { MemoryCapError } from './memory-cap.js';

/** The contract errors, by class name. */
const CONTRACT = { SyncError, DocumentError, RedactionError, RankingError };

/** Errors rebuilt from their message alone, by class name. */
const BY_MESSAGE = { EngineTrap, HostError, EngineError, MemoryCapError, TypeError, RangeError };

/** An error as structured-clonable data. */
export function errorToWire(e) {
  const wire = { name: e?.name ?? 'Error', message: String(e?.message ?? e) };
  if (e instanceof ContractError) Object.assign(wire, { tag: e.tag, val: e.val });
  if (e instanceof MemoryLimitError) wire.limitBytes = e.limitBytes;
  if (e instanceof PayloadTooLargeError || e instanceof OutputTooLargeError) Object.assign(wire, { size: e.size, limit: e.limit });
  if (e instanceof MalformedTextError) wire.argument = e.argument;
  return wire;
}

/** Sets `message` on an error made without one (the classes prefix their own messages). */
function withMessage(error, message) {
  error.message = message;
  return error;
}

/** The wire form back as the typed error it was; an unknown kind becomes a HostError. */
export function errorFromWire(wire) {
  if (Object.hasOwn(CONTRACT, wire.name)) return new CONTRACT[wire.name]({ tag: wire.tag, val: wire.val });
  if (wire.name === 'MemoryLimitError') return new MemoryLimitError(wire.limitBytes);
  if (wire.name === 'PayloadTooLargeError') return new PayloadTooLargeError(wire.size, wire.limit);
  if (wire.name === 'OutputTooLargeError') return new OutputTooLargeError(wire.size, wire.limit);
  if (wire.name === 'MalformedTextError') return new MalformedTextError(wire.argument);
  if (Object.hasOwn(BY_MESSAGE, wire.name)) return withMessage(new BY_MESSAGE[wire.name](''), wire.message);
  return new HostError(`the engine's thread failed: ${wire.message}`);
}
