/**
 * GraphiQL in development: the hub's own copy (served from its npm packages, nothing from a CDN),
 * a tab for every operation in schema/operations/, and a development token for a chosen profile
 * sent as the Authorization header. Loaded as a classic script after React, ReactDOM and GraphiQL.
 */

// The three browser bundles set these globals; only what is called here is typed.
declare const React: { createElement(type: unknown, props: Record<string, unknown>): unknown };
declare const ReactDOM: { createRoot(container: Element): { render(element: unknown): void } };
declare const GraphiQL: unknown;

(() => {
  interface ShippedOperation {
    name: string;
    query: string;
    variables: Record<string, unknown>;
  }

  let token: string | null = null;

  const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

  /**
   * GraphiQL 3 keeps the operation name of the tab it opened first for preloaded tabs: a name the
   * document does not define is dropped, so the hub runs the tab's only operation.
   */
  function withDefinedOperationName(params: { query?: string; operationName?: string | null }): unknown {
    const name = params.operationName;
    if (!name || !params.query) return params;
    const defined = new RegExp(`\\b(query|mutation|subscription)\\s+${name}\\b`).test(params.query);
    return defined ? params : { ...params, operationName: undefined };
  }

  async function fetcher(params: { query?: string; operationName?: string | null }, options?: { headers?: Record<string, string> }): Promise<unknown> {
    const editorHeaders = options?.headers ?? {};
    const response = await fetch('/graphql', {
      method: 'POST',
      // The token chosen above, unless the headers tab names its own Authorization.
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...editorHeaders, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(withDefinedOperationName(params)),
    });
    return response.json();
  }

  async function useProfile(profile: string): Promise<void> {
    const status = element('token-status');
    const response = await fetch('/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ profile }) });
    const body = (await response.json()) as { token?: string; label?: string; errors?: { message: string }[] };
    if (!body.token) {
      status.textContent = `No token: ${body.errors?.[0]?.message ?? response.status}`;
      return;
    }
    token = body.token;
    status.textContent = `Requests carry a one-hour token for ${body.label ?? profile}.`;
  }

  async function start(): Promise<void> {
    const [config, operations] = await Promise.all([
      fetch('/web/config.json').then((r) => r.json() as Promise<{ devSignIn: boolean; profiles: { name: string; label: string }[] }>),
      fetch('/web/operations.json').then((r) => r.json() as Promise<ShippedOperation[]>),
    ]);
    const select = element<HTMLSelectElement>('profile');
    for (const profile of config.profiles) select.append(new Option(profile.label, profile.name));
    element<HTMLFormElement>('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void useProfile(select.value);
    });
    if (!config.devSignIn) element('token-form').hidden = true;

    const root = ReactDOM.createRoot(element('graphiql'));
    root.render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultTabs: operations.map((operation) => ({ query: operation.query, variables: JSON.stringify(operation.variables, null, 2) })),
        defaultEditorToolsVisibility: 'variables',
      }),
    );
  }

  void start();
})();
