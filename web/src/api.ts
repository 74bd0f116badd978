import { SIGNED_OUT } from './session';

/** An error the API answered with ({code, message}), or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Call {
  method?: string;
  json?: unknown;
  form?: FormData;
}

/**
 * Every call of the UI goes through the HTTP API. The session is a cookie the browser
 * sends by itself; the header marks the call as the UI's own (the API asks it of any
 * change made with a cookie, which a form on another site cannot add).
 */
export async function api<T>(path: string, call: Call = {}): Promise<T> {
  const res = await send(path, call);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

async function send(path: string, call: Call): Promise<Response> {
  const headers: Record<string, string> = { 'x-requested-with': 'intake' };
  let body: BodyInit | undefined;
  if (call.form) body = call.form;
  else if (call.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.json);
  }
  let res: Response;
  try {
    res = await fetch(path, { method: call.method ?? 'GET', headers, body });
  } catch {
    throw new ApiError(0, 'NETWORK', 'network');
  }
  if (!res.ok) {
    const e = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    if (res.status === 401 && path !== '/session') window.dispatchEvent(new Event(SIGNED_OUT));
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText);
  }
  return res;
}

/** A report or template download: fetched in the session, then saved by the browser. */
export async function download(path: string, filename: string): Promise<void> {
  const res = await send(path, {});
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
