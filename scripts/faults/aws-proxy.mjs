// An HTTP proxy on loopback in front of moto (S3, KMS, STS on one port) that
//  - answers KMS Decrypt for a disabled or pending-deletion key the way real KMS does
//    (DisabledException / KMSInvalidStateException), which moto does not emulate;
//  - injects faults at a chosen rate: latency, connection resets, throttling (KMS
//    ThrottlingException, S3 SlowDown 503) and 500s.
// Plain Node, no dependencies. Loopback only.
import http from 'node:http';

const KMS_ERROR = (type, message, status = 400) => ({
  status,
  headers: { 'content-type': 'application/x-amz-json-1.1' },
  body: JSON.stringify({ __type: type, message }),
});
const S3_ERROR = (code, message, status) => ({
  status,
  headers: { 'content-type': 'application/xml' },
  body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
});

function serviceOf(req) {
  const target = String(req.headers['x-amz-target'] ?? '');
  if (target.startsWith('TrentService.')) return { service: 'kms', action: target.slice('TrentService.'.length) };
  if (req.url?.startsWith('/moto-api')) return { service: 'moto', action: '' };
  const auth = String(req.headers.authorization ?? '');
  if (/\/sts\/aws4_request/.test(auth)) return { service: 'sts', action: '' };
  return { service: 's3', action: req.method ?? '' };
}

function readBody(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/**
 * @param {{ target: string, port?: number, faults?: Faults, seed?: number }} options
 * @typedef {{ rate: number, kinds?: ('latency'|'reset'|'throttle'|'error500')[], latencyMs?: number, services?: string[] }} Faults
 */
export async function startAwsProxy({ target, port = 0, faults = { rate: 0 }, seed = 1 }) {
  const upstream = new URL(target);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(upstream.hostname)) throw new Error('the AWS proxy forwards to loopback only');
  let config = { kinds: ['latency', 'reset', 'throttle', 'error500'], latencyMs: 300, services: ['s3', 'kms'], ...faults };
  const stats = { requests: 0, injected: { latency: 0, reset: 0, throttle: 0, error500: 0 }, disabled: 0 };
  // A small deterministic PRNG so that a run's faults can be reproduced.
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };

  const forward = (req, body) =>
    new Promise((resolve, reject) => {
      const out = http.request(
        { host: upstream.hostname.replace(/^\[|\]$/g, ''), port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (res) => resolve(res),
      );
      out.on('error', reject);
      if (body) out.end(body);
      else req.pipe(out);
    });

  // moto routes by the credential scope of the Authorization header (it checks no signature
  // unless IAM enforcement is on): reuse the Decrypt call's own header.
  async function keyState(keyId, authorization) {
    const res = await fetch(`${target}/`, {
      method: 'POST',
      headers: { 'x-amz-target': 'TrentService.DescribeKey', 'content-type': 'application/x-amz-json-1.1', authorization },
      body: JSON.stringify({ KeyId: keyId }),
    });
    const json = await res.json().catch(() => ({}));
    return json?.KeyMetadata?.KeyState ?? 'Enabled';
  }

  const send = (res, answer) => {
    res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
  };

  const server = http.createServer(async (req, res) => {
    stats.requests++;
    const { service, action } = serviceOf(req);
    try {
      if (config.rate > 0 && config.services.includes(service) && random() < config.rate) {
        const kind = config.kinds[Math.floor(random() * config.kinds.length)];
        stats.injected[kind]++;
        if (kind === 'reset') {
          req.socket.destroy();
          return;
        }
        if (kind === 'throttle') {
          return send(res, service === 'kms' ? KMS_ERROR('ThrottlingException', 'Rate exceeded') : S3_ERROR('SlowDown', 'Please reduce your request rate.', 503));
        }
        if (kind === 'error500') {
          return send(res, service === 'kms' ? KMS_ERROR('KMSInternalException', 'internal error', 500) : S3_ERROR('InternalError', 'We encountered an internal error.', 500));
        }
        await new Promise((r) => setTimeout(r, config.latencyMs));
      }
      if (service === 'kms' && action === 'Decrypt') {
        const body = await readBody(req);
        const upstreamRes = await forward(req, body);
        const answer = await readBody(upstreamRes);
        if (upstreamRes.statusCode === 200) {
          const keyId = JSON.parse(answer.toString()).KeyId;
          const stateNow = keyId ? await keyState(keyId, String(req.headers.authorization ?? '')) : 'Enabled';
          if (stateNow === 'Disabled') {
            stats.disabled++;
            return send(res, KMS_ERROR('DisabledException', `${keyId} is disabled.`));
          }
          if (stateNow === 'PendingDeletion' || stateNow === 'PendingImport' || stateNow === 'Unavailable') {
            stats.disabled++;
            return send(res, KMS_ERROR('KMSInvalidStateException', `${keyId} is pending deletion.`));
          }
        }
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        res.end(answer);
        return;
      }
      const upstreamRes = await forward(req);
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      upstreamRes.pipe(res);
    } catch {
      if (!res.headersSent) send(res, { status: 502, headers: { 'content-type': 'text/plain' }, body: 'proxy: upstream failed' });
      else res.destroy();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    stats,
    setFaults(next) {
      config = { ...config, ...next };
    },
    async stop() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
