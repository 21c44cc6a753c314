// HTTP for the OpenStack APIs: a timeout on every request, the cloud's TLS settings, and a request count.
// Built on node:http/https rather than global fetch because fetch cannot take a CA bundle or skip TLS
// verification per request without the undici package; AbortSignal.timeout bounds each request all the same.
import http from 'node:http';
import https from 'node:https';
import { NetxrayError } from '../../errors.js';

export const DEFAULT_HTTP_TIMEOUT_MS = 20_000;
/** Largest answer read (a 20,000-port cloud's port list is ~60 MB); more is refused before it exhausts memory. */
export const DEFAULT_MAX_ANSWER_BYTES = 256 * 1024 * 1024;

export interface HttpOptions {
  /** Limit of one request, connect to last byte of the body. */
  timeoutMs?: number;
  /** PEM text of the CA bundle to trust instead of Node's default roots. */
  caCert?: string;
  /** Skip TLS certificate verification (the caller warns the user). */
  insecure?: boolean;
  /** Largest answer body read (defaults to DEFAULT_MAX_ANSWER_BYTES). */
  maxAnswerBytes?: number;
}

export interface HttpRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export interface HttpResponse {
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One client per collection: keeps connections alive between requests and counts them. */
export class HttpClient {
  /** Requests sent (every attempt counts, including token requests and retries). */
  requests = 0;
  readonly timeoutMs: number;
  readonly maxAnswerBytes: number;
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  private readonly httpsAgent: https.Agent;

  constructor(options: HttpOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
    this.maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      maxSockets: 8,
      ...(options.caCert ? { ca: options.caCert } : {}),
      rejectUnauthorized: !options.insecure,
    });
  }

  async request(url: string, req: HttpRequest = {}): Promise<HttpResponse> {
    try {
      return await this.attempt(url, req);
    } catch (err) {
      // A kept-alive connection the server had already closed: the request never reached it, so send it once more.
      if (err instanceof StaleConnection) return this.attempt(url, req);
      throw err;
    }
  }

  private async attempt(url: string, req: HttpRequest): Promise<HttpResponse> {
    const target = new URL(url);
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    const signal = AbortSignal.timeout(timeoutMs);
    const method = req.method ?? 'GET';
    this.requests += 1;
    const isHttps = target.protocol === 'https:';
    if (!isHttps && target.protocol !== 'http:') {
      throw new NetxrayError('bad-input', `${url}: only http and https URLs are supported`);
    }
    const lib = isHttps ? https : http;
    const headers: Record<string, string> = { Accept: 'application/json', ...req.headers };
    if (req.body !== undefined) {
      headers['Content-Type'] ??= 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(req.body));
    }
    return new Promise<HttpResponse>((resolve, reject) => {
      const fail = (err: unknown) => reject(describeFailure(method, target, err, signal, timeoutMs));
      let responded = false;
      const request = lib.request(
        target,
        { method, headers, signal, agent: isHttps ? this.httpsAgent : this.httpAgent },
        (res) => {
          responded = true;
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > this.maxAnswerBytes) {
              request.destroy();
              return reject(new NetxrayError('environment', `${method} ${target.origin}${target.pathname}: answer larger than ${this.maxAnswerBytes / (1024 * 1024)} MB; not read`));
            }
            chunks.push(c);
          });
          res.on('error', fail);
          res.on('aborted', () => fail(new Error('response aborted')));
          res.on('end', () =>
            resolve({ url, status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
          );
        },
      );
      request.on('error', (err: NodeJS.ErrnoException) => {
        const stale = request.reusedSocket && !responded && !signal.aborted && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
        if (stale) reject(new StaleConnection());
        else fail(err);
      });
      request.end(req.body);
    });
  }

  /** Drops kept-alive connections so the process can exit at once. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

class StaleConnection extends Error {}

/** One line naming the URL (never headers: they carry the token). */
function describeFailure(method: string, url: URL, err: unknown, signal: AbortSignal, timeoutMs: number): NetxrayError {
  const where = `${method} ${url.origin}${url.pathname}`;
  if (signal.aborted) return new NetxrayError('environment', `${where}: no answer within ${timeoutMs / 1000} s (timeout)`);
  const code = (err as NodeJS.ErrnoException)?.code;
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host name does not resolve',
    EAI_AGAIN: 'host name does not resolve (temporary DNS failure)',
    ECONNRESET: 'connection reset',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate (set cacert/OS_CACERT, or insecure)',
    SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate chain not trusted (set cacert/OS_CACERT)',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted (set cacert/OS_CACERT)',
    ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host name',
    CERT_HAS_EXPIRED: 'TLS certificate expired',
  };
  const reason = (code && reasons[code]) ?? (err instanceof Error ? err.message : String(err));
  return new NetxrayError('environment', `${where}: ${reason}`);
}
