// AWS Signature Version 4 in the browser with WebCrypto: the console signs its calls as the AWS SDKs do, and the
// server verifies them as for any client. The secret is only ever an HMAC key here; it is never sent.
// Runs on the browser's main thread (WebCrypto calls are asynchronous).

const encoder = new TextEncoder();

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), b => b.toString(16).padStart(2, '0')).join('');
}

async function sha256Hex(text) {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

async function hmac(key, text) {
  const raw = typeof key === 'string' ? encoder.encode(key) : key;
  const cryptoKey = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(text));
}

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters. */
function encodeRfc3986(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** 20260126T221500Z */
function amzDate(now) {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The headers that sign a request: X-Amz-Date and Authorization (for host, x-amz-date and every x-amz-* header
 * given). path is the encoded path sent; query a list of [name, value] pairs; body a string.
 */
export async function signatureHeaders({ method, host, path, query = [], headers = {}, body = '', service, region,
  credentials, now = new Date() }) {
  if (!window.crypto || !crypto.subtle) {
    throw new Error('This browser offers no WebCrypto on this page (it needs https or a loopback address), '
      + 'so the console cannot sign its calls.');
  }
  const date = amzDate(now);
  const day = date.slice(0, 8);
  const signed = { host, 'x-amz-date': date };
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase().startsWith('x-amz-')) signed[name.toLowerCase()] = value;
  }
  const names = Object.keys(signed).sort();
  const canonicalHeaders = names.map(n => n + ':' + String(signed[n]).trim().replace(/\s+/g, ' ') + '\n').join('');
  const signedHeaders = names.join(';');
  // Services other than S3 encode each path segment once more.
  const canonicalPath = path.split('/').map(encodeRfc3986).join('/');
  const canonicalQuery = query.map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)])
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : (a[0] < b[0] ? -1 : 1)))
    .map(([k, v]) => k + '=' + v).join('&');
  const canonicalRequest = [method, canonicalPath, canonicalQuery, canonicalHeaders, signedHeaders,
    await sha256Hex(body)].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, await sha256Hex(canonicalRequest)].join('\n');
  let key = await hmac('AWS4' + credentials.secretAccessKey, day);
  for (const part of [region, service, 'aws4_request']) key = await hmac(key, part);
  const signature = hex(await hmac(key, stringToSign));
  return {
    'X-Amz-Date': date,
    Authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, `
      + `SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}
