/**
 * A GUID as Bitwarden writes ids (organizations, installations): 8-4-4-4-12 hex digits, either case.
 * No `g` flag: the pattern is shared, so it must not carry `lastIndex` state between callers.
 */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
