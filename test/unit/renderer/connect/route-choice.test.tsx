// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiRouteKind } from '../../../../main/core/vault-api/api-route';
import { useServerStore } from '../../../../renderer/src/state/server-store';
import { RouteChoice } from '../../../../renderer/src/steps/connect/route-choice';

// user-event walks a radio group with CSS.escape, which jsdom does not provide.
(globalThis as { CSS?: { escape(value: string): string } }).CSS ??= { escape: (value) => value.replace(/[^\w-]/g, (c) => `\\${c}`) };

afterEach(() => {
  cleanup();
  useServerStore.setState({ status: { kind: 'this-computer' } });
});

function Harness({ initial, chosen }: { initial: ApiRouteKind; chosen: ApiRouteKind[] }) {
  const [route, setRoute] = useState(initial);
  return (
    <RouteChoice
      id="t"
      value={route}
      onChange={(next) => {
        chosen.push(next);
        setRoute(next);
      }}
    />
  );
}

describe('RouteChoice', () => {
  it('offers direct and the system proxy when the install is on this computer; the keyboard moves between them', async () => {
    const chosen: ApiRouteKind[] = [];
    render(<Harness initial="direct" chosen={chosen} />);
    const group = screen.getByRole('group', { name: 'How API calls travel' });
    expect(group).toBeTruthy();
    expect(screen.getAllByRole('radio').map((radio) => (radio as HTMLInputElement).value)).toEqual(['direct', 'system-proxy']);
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: 'Direct from this computer' }));
    await user.keyboard('{ArrowDown}');
    expect(chosen).toEqual(['system-proxy']);
    expect((screen.getByRole('radio', { name: "Through this computer's system proxy" }) as HTMLInputElement).checked).toBe(true);
  });

  it('offers the server, named, while one is connected over SSH', async () => {
    useServerStore.setState({ status: { kind: 'ssh', label: 'admin@bw1.example', serverName: null, actingAs: null } as never });
    const chosen: ApiRouteKind[] = [];
    render(<Harness initial="direct" chosen={chosen} />);
    await userEvent.setup().click(screen.getByRole('radio', { name: 'Through the server admin@bw1.example' }));
    expect(chosen).toEqual(['server']);
  });

  it('keeps a saved server route visible but disabled when no server is connected', () => {
    render(<Harness initial="server" chosen={[]} />);
    const server = screen.getByRole('radio', { name: 'Through the server (connect to the server first)' }) as HTMLInputElement;
    expect(server.checked).toBe(true);
    expect(server.disabled).toBe(true);
  });
});
