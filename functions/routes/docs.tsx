import { Hono } from 'hono';
import { Layout } from '../pages/layout.js';

type Doc = {
  info: { title: string; version: string; description?: string };
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        description?: string;
        tags?: string[];
        parameters?: { name: string; in: string; required?: boolean }[];
        requestBody?: { content: Record<string, { schema: unknown }> };
        responses: Record<string, { description: string }>;
      }
    >
  >;
  components?: { schemas?: Record<string, unknown> };
};

/** Readable API documentation rendered on the server from the OpenAPI document: works offline. */
export function docsRoutes(getDoc: () => Doc) {
  const app = new Hono();
  app.get('/docs', (c) => {
    const doc = getDoc();
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    return c.html(
      <Layout title="API" lang="en">
        <h1>
          {doc.info.title} {doc.info.version}
        </h1>
        <p>{doc.info.description}</p>
        <p>
          Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors are RFC 9457{' '}
          <code>application/problem+json</code>.
        </p>
        <h2>Operations</h2>
        <ul>
          {ops.map(({ path, method, op }) => (
            <li>
              <a href={`#${method}-${path}`}>
                <code>
                  {method} {path}
                </code>
              </a>{' '}
              {op.summary}
            </li>
          ))}
        </ul>
        {ops.map(({ path, method, op }) => (
          <section id={`${method}-${path}`}>
            <h3>
              <code>
                {method} {path}
              </code>
            </h3>
            <p>{op.summary}</p>
            {op.description && <p class="muted">{op.description}</p>}
            {op.parameters && op.parameters.length > 0 && (
              <p>
                Parameters:{' '}
                {op.parameters.map((p) => (
                  <code>
                    {p.name} ({p.in}
                    {p.required ? ', required' : ''}){' '}
                  </code>
                ))}
              </p>
            )}
            {op.requestBody && (
              <>
                <p>Request body:</p>
                <pre>{JSON.stringify(Object.values(op.requestBody.content)[0]?.schema, null, 2)}</pre>
              </>
            )}
            <table>
              <tr>
                <th>status</th>
                <th>meaning</th>
              </tr>
              {Object.entries(op.responses).map(([status, r]) => (
                <tr>
                  <td>{status}</td>
                  <td>{r.description}</td>
                </tr>
              ))}
            </table>
          </section>
        ))}
        <h2>Schemas</h2>
        {Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) => (
          <section id={`schema-${name}`}>
            <h3>{name}</h3>
            <pre>{JSON.stringify(schema, null, 2)}</pre>
          </section>
        ))}
      </Layout>,
    );
  });
  return app;
}
