import { CoreError } from '../shared';

/** What asking to add an admin e-mail to `adminSettings__admins` did (or would do). */
export interface AdminAddition {
  /** The e-mail as given (trimmed). */
  email: string;
  /** True when the edit sets `adminSettings__admins` to this e-mail. */
  added: boolean;
  /** The list as it is (or will be) after the edit. */
  admins: string[];
  /** What happened, in plain words. */
  note: string;
}

/**
 * An e-mail fit for `adminSettings__admins` (a comma-separated list the admin portal compares
 * case-insensitively): one address, no separators, spaces or quotes.
 * @throws CoreError `invalid-email` (unusable input: nothing changes).
 */
export function checkAdminEmail(value: string): string {
  const email = value.trim();
  if (email.length > 256 || !/^[^\s@,;"'<>()[\]\\]+@[^\s@,;"'<>()[\]\\]+\.[^\s@,;"'<>()[\]\\.]+$/.test(email) || email.includes('..')) {
    throw new CoreError('invalid-email', `"${value.slice(0, 80)}" is not an e-mail address the System Administrator Portal can use (one address like admin@example.com). Nothing was changed.`, 'unusable-input');
  }
  return email;
}

/**
 * Adds the e-mail only when `adminSettings__admins` is empty or absent, so the portal becomes reachable
 * in the same restart; a list someone already wrote is left as it is.
 */
export function planAdminAddition(currentValue: string | undefined, email: string): { entries: Record<string, string>; addition: AdminAddition } {
  const current = (currentValue ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (current.length === 0) {
    return {
      entries: { adminSettings__admins: email },
      addition: { email, added: true, admins: [email], note: `adminSettings__admins was empty: ${email} is added, so it can sign in to the System Administrator Portal after the restart.` },
    };
  }
  const listed = current.some((entry) => entry.toLowerCase() === email.toLowerCase());
  return {
    entries: {},
    addition: {
      email,
      added: false,
      admins: current,
      note: listed
        ? `adminSettings__admins already lists ${email}; left unchanged.`
        : `adminSettings__admins already lists ${current.join(', ')}; left unchanged (${email} was not added). Edit the list yourself to add it.`,
    },
  };
}
