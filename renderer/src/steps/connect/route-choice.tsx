import type { ApiRouteKind } from '../../../../main/core/vault-api/api-route';
import { useServerStore } from '../../state/server-store';

const ROUTE_LABELS: Record<ApiRouteKind, string> = {
  direct: 'Direct from this computer',
  'system-proxy': "Through this computer's system proxy",
  server: 'Through the server',
};

/**
 * How API calls to one Bitwarden server travel: a radio group (arrow keys move between routes). "Through the
 * server" is offered while a server is connected over SSH; a saved server route stays visible, disabled, otherwise.
 * Only a route kind leaves the page: main knows which proxy or server it means.
 */
export function RouteChoice(props: { id: string; value: ApiRouteKind; onChange: (route: ApiRouteKind) => void; disabled?: boolean }) {
  const status = useServerStore((state) => state.status);
  const server = status.kind === 'ssh' ? status.label : null;
  const routes: ApiRouteKind[] = server || props.value === 'server' ? ['direct', 'system-proxy', 'server'] : ['direct', 'system-proxy'];
  return (
    <fieldset className="route-choice" disabled={props.disabled}>
      <legend>How API calls travel</legend>
      {routes.map((route) => {
        const unavailable = route === 'server' && !server;
        return (
          <div className="checkbox-row" key={route}>
            <input
              type="radio"
              id={`${props.id}-route-${route}`}
              name={`${props.id}-route`}
              value={route}
              checked={props.value === route}
              disabled={unavailable}
              onChange={() => props.onChange(route)}
            />
            <label htmlFor={`${props.id}-route-${route}`}>
              {ROUTE_LABELS[route]}
              {route === 'server' && (server ? ` ${server}` : ' (connect to the server first)')}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}
