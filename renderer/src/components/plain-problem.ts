/**
 * The problem in plain words: a headline, the likely causes and which step fixes it. The stable code
 * and the technical message stay available in the callout's details.
 */
export interface PlainProblem {
  headline: string;
  causes: string[];
  /** Offer "Run the firewall check" beside Retry. */
  firewall: boolean;
}

const NETWORK_CAUSES = [
  'The address is wrong, or the server is stopped.',
  'A firewall or proxy blocks this computer from reaching it.',
  'The name does not resolve here (DNS).',
];

const PLAIN: Record<string, PlainProblem> = {
  'vault-unreachable': { headline: 'The server cannot be reached.', causes: NETWORK_CAUSES, firewall: true },
  'vault-timeout': { headline: 'The server did not answer in time.', causes: ['The server is busy or restarting.', ...NETWORK_CAUSES.slice(1)], firewall: true },
  'vault-tls-untrusted': {
    headline: 'The server’s certificate is not trusted by this computer.',
    causes: ['The server uses a private certificate authority: choose its root certificate under “More options”.', 'A proxy inspects HTTPS traffic with its own certificate.'],
    firewall: true,
  },
  'vault-sign-in-failed': { headline: 'The server refused this API key.', causes: ['The client_id or client_secret is wrong, or the key was rotated.', 'The key belongs to the other server (cloud vs. self-hosted).'], firewall: false },
  'vault-rate-limited': { headline: 'The server asks to wait before trying again.', causes: [], firewall: false },
  'route-needs-server': {
    headline: 'This connection goes through the server, but no server is connected.',
    causes: ['Connect to the server over SSH above, or choose “Direct from this computer” or the system proxy.'],
    firewall: false,
  },
  'vault-route-refused': {
    headline: 'The server does not let API calls through.',
    causes: ['Its SSH server forbids TCP forwarding (AllowTcpForwarding no, or a PermitOpen rule) for this user.', 'Choose “Direct from this computer” or the system proxy instead.'],
    firewall: false,
  },
  'vault-proxy-refused': {
    headline: 'The system proxy refused the connection.',
    causes: ['The proxy asks for credentials the system settings do not give.', 'The proxy’s rules forbid this address or port.'],
    firewall: true,
  },
};

export function plainProblem(code: string): PlainProblem | null {
  return PLAIN[code] ?? null;
}
