import { parseRoute, routeHash } from './routes';
import { useApp } from './stores/app';

/**
 * Keeps the store's route and the address bar one: the route starts from the URL, every
 * navigation becomes a history entry (so Back works), and Back/Forward move the route.
 * Called once before the first render; it lives here because the route table imports the pages,
 * which import the store.
 */
export function bindRouteToUrl(): void {
  useApp.setState({ route: parseRoute(window.location.hash) });
  useApp.subscribe((state, prev) => {
    if (state.route === prev.route) return;
    const hash = routeHash(state.route);
    if (window.location.hash !== hash) history.pushState(null, '', hash);
  });
  window.addEventListener('popstate', () => useApp.setState({ route: parseRoute(window.location.hash) }));
}
