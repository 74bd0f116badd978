import { createWriteStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';
import { IntakeError } from '../../core/codes.js';
import { checkedAddress, pinnedLookup, type FetchPolicy } from './guard.js';
import { byteLimit } from './limit.js';
import type { SourceUrl } from './url.js';

const MAX_REDIRECTS = 5;

/**
 * Download over HTTP(S) to `target`, following redirects, each hop checked again. The
 * whole of it (headers and body, every hop) has `policy.timeoutMs`: a server that
 * sends a byte a second never resets the clock.
 */
export async function fetchHttp(
  src: SourceUrl,
  target: string,
  policy: FetchPolicy,
): Promise<void> {
  const deadline = new AbortController();
  const timer = setTimeout(
    () =>
      deadline.abort(
        new IntakeError(
          'INTAKE_E_FETCH',
          `${src.shown}: no complete answer within ${policy.timeoutMs} ms (fetchTimeoutMs)`,
        ),
      ),
    policy.timeoutMs,
  );
  try {
    await fetchWithin(src, target, policy, deadline.signal);
  } catch (e) {
    throw deadline.signal.aborted ? deadline.signal.reason : e;
  } finally {
    clearTimeout(timer);
  }
}

async function fetchWithin(
  src: SourceUrl,
  target: string,
  policy: FetchPolicy,
  signal: AbortSignal,
): Promise<void> {
  let url = src.url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const shown = `${url.protocol}//${url.host}${url.pathname}`;
    const address = await checkedAddress(url.hostname, policy, shown);
    const headers: Record<string, string> = {};
    if (src.user !== undefined && url.host === src.url.host) {
      headers.authorization = `Basic ${Buffer.from(`${src.user}:${src.password ?? ''}`).toString('base64')}`;
    }
    const client = url.protocol === 'https:' ? https : http;
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = client.get(
        {
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port,
          path: `${url.pathname}${url.search}`,
          headers,
          lookup: pinnedLookup(address), // connect to what was checked
          timeout: policy.timeoutMs,
          signal,
        },
        resolve,
      );
      req.on('timeout', () =>
        req.destroy(
          new IntakeError('INTAKE_E_FETCH', `${shown}: no answer within ${policy.timeoutMs} ms`),
        ),
      );
      req.on('error', (e) =>
        reject(
          e instanceof IntakeError
            ? e
            : new IntakeError(
                'INTAKE_E_FETCH',
                `${shown}: ${(e as NodeJS.ErrnoException).code ?? e.message}`,
              ),
        ),
      );
    });
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      url = new URL(response.headers.location, url);
      if (!['http:', 'https:'].includes(url.protocol))
        throw new IntakeError('INTAKE_E_FETCH', `${shown}: redirected to a ${url.protocol} URL`);
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw new IntakeError(
        'INTAKE_E_FETCH',
        `${shown}: the server answered ${status} ${response.statusMessage ?? ''}`.trim(),
      );
    }
    const declared = Number(response.headers['content-length'] ?? 0);
    if (declared > policy.maxBytes) {
      response.destroy();
      throw new IntakeError(
        'INTAKE_E_FETCH_LIMIT',
        `${shown}: ${declared} bytes, more than the ${policy.maxBytes} allowed`,
      );
    }
    await pipeline(response, byteLimit(policy.maxBytes, shown), createWriteStream(target), {
      signal,
    });
    return;
  }
  throw new IntakeError('INTAKE_E_FETCH', `${src.shown}: more than ${MAX_REDIRECTS} redirects`);
}
