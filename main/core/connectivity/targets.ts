import { CoreError } from '../shared';
import type { Region } from './types';

export interface Target {
  url: string;
  host: string;
  port: number;
  /** Path and query sent in the GET. */
  path: string;
  /** Informational targets (push relay) never fail the run. */
  required: boolean;
  /** Default targets expect 200 + a JSON date from `/alive`; custom ones pass on any 2xx. */
  expectAlive: boolean;
  purpose: string;
}

const CLOUD_DOMAIN: Record<Region, string> = { us: 'bitwarden.com', eu: 'bitwarden.eu' };

/** The hosts a self-hosted server contacts for billing/license sync, plus the push relay (informational). */
export function defaultTargets(region: Region = 'us'): Target[] {
  const domain = CLOUD_DOMAIN[region];
  const make = (name: string, required: boolean, purpose: string): Target => ({
    url: `https://${name}.${domain}/alive`,
    host: `${name}.${domain}`,
    port: 443,
    path: '/alive',
    required,
    expectAlive: true,
    purpose,
  });
  return [
    make('api', true, 'billing and license sync'),
    make('identity', true, 'sign-in token for sync and push'),
    make('push', false, 'mobile push relay (informational)'),
  ];
}

/** Custom `--url` targets: only https; each URL is probed exactly. */
export function customTarget(raw: string): Target {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CoreError('invalid-url', `Not a URL: ${raw}`, 'unusable-input');
  }
  if (url.protocol !== 'https:') {
    throw new CoreError('invalid-url', `Only https:// URLs can be checked: ${raw}`, 'unusable-input');
  }
  if (url.username || url.password) {
    throw new CoreError('invalid-url', 'A target URL must not contain a user name or password.', 'unusable-input');
  }
  return {
    url: url.href,
    host: stripBrackets(url.hostname),
    port: url.port ? Number(url.port) : 443,
    path: `${url.pathname}${url.search}`,
    required: true,
    expectAlive: false,
    purpose: 'custom target',
  };
}

export function targetsFor(options: { region?: Region; urls?: string[] }): Target[] {
  return options.urls && options.urls.length > 0 ? options.urls.map(customTarget) : defaultTargets(options.region ?? 'us');
}

export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Parses `--resolve HOST:ADDRESS` pins (IPv6 in brackets; a curl-style `HOST:PORT:ADDRESS` is accepted too). */
export function parseResolvePins(pins: string[] | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const pin of pins ?? []) {
    const match = /^([^:\s]+)(?::\d+)?:(\[[0-9a-fA-F:.]+\]|[0-9.]+)$/.exec(pin.trim());
    if (!match || !match[1] || !match[2]) {
      throw new CoreError('invalid-resolve', `--resolve expects HOST:ADDRESS (IPv6 in brackets), got: ${pin}`, 'unusable-input');
    }
    map.set(match[1].toLowerCase(), stripBrackets(match[2]));
  }
  return map;
}
