import type { AnyCommand } from './program';
import { CoreError } from '../core/shared';

/**
 * Rules for option values shared by every command, so each command file stays about its job:
 * an empty value is a usage error (never silently "not given": `--cert ''` must not skip the
 * authenticity check), and numbers are plain decimals (no `1e3`, `0x10`, `Infinity`).
 */
export function refuseEmptyValues(command: AnyCommand, options: Record<string, unknown>, args: readonly (string | undefined)[]): void {
  for (const option of command.options) {
    const value = options[option.attributeName()];
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && v.trim() === '')) {
      throw new CoreError('usage', `${option.long ?? option.flags} was given an empty value; give a value or leave the option out.`, 'unusable-input', {
        option: option.long ?? option.flags,
      });
    }
  }
  const names = command.registeredArguments.map((argument) => argument.name());
  // An optional argument left out arrives as undefined.
  args.forEach((arg, index) => {
    if (arg !== undefined && arg.trim() === '') throw new CoreError('usage', `The argument <${names[index] ?? 'value'}> is empty.`, 'unusable-input');
  });
}

const DECIMAL = /^[0-9]+(?:\.[0-9]+)?$/;
const INTEGER = /^[0-9]+$/;

/**
 * A number as an admin types it: decimal digits only (`integer` refuses a fraction), within
 * `min`..`max`. Anything else is unusable input with `code` (e.g. `invalid-timeout`).
 */
export function strictNumber(value: string, flag: string, rule: { code: string; integer?: boolean; min: number; max: number; unit: string }): number {
  const text = value.trim();
  const parsed = (rule.integer ? INTEGER : DECIMAL).test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(parsed) || parsed < rule.min || parsed > rule.max) {
    throw new CoreError(
      rule.code,
      `${flag} must be a ${rule.integer ? 'whole ' : ''}number of ${rule.unit} from ${rule.min} to ${rule.max}, written in plain digits; got "${value}".`,
      'unusable-input',
    );
  }
  return parsed;
}
