import type { ErrorCode } from './types';

const knownCodes: ReadonlySet<string> = new Set<ErrorCode>([
  'invalid',
  'not_found',
  'conflict',
  'wrong_passphrase',
  'locked',
  'canceled',
  'storage',
  'internal',
]);

/** A failed call to the Go side, with the coded error it returned. */
export class AppError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
}

function fromObject(value: unknown): AppError | null {
  if (typeof value !== 'object' || value === null) return null;
  const { code, message } = value as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || typeof message !== 'string') return null;
  return new AppError(knownCodes.has(code) ? (code as ErrorCode) : 'internal', message);
}

/** Parses a JSON {code, message} text; null when it is not one. */
export function parseAppError(text: string): AppError | null {
  try {
    return fromObject(JSON.parse(text));
  } catch {
    return null;
  }
}

/**
 * The error of a failed call, read from the text both transports carry for
 * it: the JSON {"code","message"} of Go's FormatError, which the window
 * delivers as the message of the Error the Wails runtime rejects with, and
 * `auditroom serve` as the body of its answer. Any other text (Wails' own
 * errors, a proxy's page) is an internal error saying `fallback`.
 */
export function callError(text: string, fallback: string): AppError {
  return parseAppError(text) ?? new AppError('internal', fallback || 'Unknown error');
}

/**
 * Turns whatever a rejected call produced into an AppError. The Go side rejects
 * with a JSON string {"code","message"}; anything unparsable becomes "internal".
 */
export function toAppError(reason: unknown): AppError {
  if (reason instanceof AppError) return reason;
  if (typeof reason === 'string') {
    return parseAppError(reason) ?? new AppError('internal', reason || 'Unknown error');
  }
  if (reason instanceof Error) {
    return parseAppError(reason.message) ?? new AppError('internal', reason.message || 'Unknown error');
  }
  return fromObject(reason) ?? new AppError('internal', 'Unknown error');
}

export function isAppError(value: unknown, code?: ErrorCode): value is AppError {
  return value instanceof AppError && (code === undefined || value.code === code);
}
