// @ponder/client sends a query as GET /sql/db?sql=<superjson text>; Ponder's server caches the result under that
// exact text. A distinct, harmless top-level key ("fresh", which superjson ignores on parse) makes each request's
// text unique, so its result is read from the database now rather than from that cache.
let sequence = 0;

export function uncachedSqlRequest(request: Request): Request {
  const url = new URL(request.url);
  const text = url.searchParams.get("sql");
  if (text === null || !text.trimEnd().endsWith("}")) return request;
  const body = text.trimEnd();
  url.searchParams.set("sql", `${body.slice(0, -1)},"fresh":${++sequence}}`);
  return new Request(url, request);
}
