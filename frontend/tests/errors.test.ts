import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/lib/api/types';
import { describeCode, describeError, ERROR_TEXT } from '../src/lib/errors';
import { ApiError } from '../src/lib/transport/types';

// Every code the API documents (the brief's list); the generated ERROR_CODES must match it.
const DOCUMENTED = [
  'invalid_input', 'unknown_method', 'unauthorized', 'permission_denied', 'not_found', 'already_exists',
  'locked', 'wrong_passphrase', 'passphrase_required', 'keystore_missing', 'keystore_corrupt',
  'invalid_recovery_phrase', 'malformed_event', 'unknown_version', 'oversize', 'wrong_id', 'bad_signature',
  'future_timestamp', 'expired', 'unknown_kind', 'invalid_body', 'store_corrupt', 'foreign_database',
  'bad_export_file', 'daemon_running', 'unavailable', 'io', 'quota_exceeded', 'internal', 'over_limit', 'frozen',
  'script_failed',
];

describe('error texts', () => {
  it('the generated code list holds every documented code', () => {
    expect([...ERROR_CODES].sort()).toEqual([...DOCUMENTED].sort());
  });

  it.each([...ERROR_CODES])('%s has a sentence for people', (code) => {
    const text = ERROR_TEXT[code];
    expect(text, code).toBeTypeOf('string');
    // What happened and what to do: at least one full sentence, ending with a full stop.
    expect(text.length).toBeGreaterThan(20);
    expect(text).toMatch(/[.!]$/);
    // Never the raw snake_case code.
    if (code.includes('_')) expect(text).not.toContain(code);
  });

  it('has no text for codes that do not exist', () => {
    expect(Object.keys(ERROR_TEXT).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('every sentence is different', () => {
    expect(new Set(Object.values(ERROR_TEXT)).size).toBe(ERROR_CODES.length);
  });

  it('keeps the node message as detail and branches on the code only', () => {
    const info = describeError(new ApiError('wrong_passphrase', 'argon2: tag mismatch'));
    expect(info).toEqual({ code: 'wrong_passphrase', text: ERROR_TEXT.wrong_passphrase, detail: 'argon2: tag mismatch' });
  });

  it('describes a code a newer node may add, and non-API errors', () => {
    expect(describeCode('brand_new_code')).toMatch(/went wrong/);
    expect(describeError(new TypeError('boom')).code).toBe('internal');
    expect(describeError({ code: 'locked', message: 'x' }).text).toBe(ERROR_TEXT.locked);
  });
});
