// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCallout } from '../../../../renderer/src/components/error-callout';

afterEach(cleanup);

describe('ErrorCallout', () => {
  it('quotes the server’s own words with their explanations when a server refused', () => {
    render(
      <ErrorCallout
        title="The license was not uploaded."
        error={{ kind: 'problem', code: 'vault-refused', message: 'HTTP 400', details: { serverMessage: 'License is already in use by another organization.', explanations: ['Another organization on this server uses it.'] } }}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The server said:');
    expect(alert.textContent).toContain('License is already in use by another organization.');
    expect(alert.textContent).toContain('Another organization on this server uses it.');
  });

  it('falls back to the plain problem (with its code) when the server said nothing', () => {
    render(<ErrorCallout title="The region check failed." error={{ kind: 'problem', code: 'vault-timeout', message: 'api.bitwarden.com did not answer in time.' }} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).not.toContain('The server said:');
    expect(alert.textContent).toContain('vault-timeout');
  });
});
