// The console's only way to the server's state: the same AWS APIs the CLI calls (ELBv2 Query/XML, ECS JSON 1.1,
// Route 53 REST-XML) on this origin, signed with SigV4 when the user signed in. Errors carry the API's code and
// message so that the page can show them as the API wrote them.
// Runs on the browser's main thread.
import { signatureHeaders } from './sigv4.js';

const STORAGE_KEY = 'ballast-console-credentials';
const ELBV2_VERSION = '2015-12-01';
const ECS_TARGET = 'AmazonEC2ContainerServiceV20141113.';
const AUTH_CODES = new Set(['MissingAuthenticationToken', 'InvalidClientTokenId', 'SignatureDoesNotMatch',
  'IncompleteSignature', 'RequestExpired', 'RequestTimeTooSkewed']);

/** An error answered by the API, with its AWS code and message. */
export class ApiError extends Error {
  constructor(code, message, status) {
    super(message || code);
    this.code = code;
    this.status = status;
  }

  /** "Code: message", as the CLI prints it. */
  describe() {
    return this.code ? `${this.code}: ${this.message}` : this.message;
  }
}

/** True if error means the call needs (other) credentials. */
export function isAuthError(error) {
  return error instanceof ApiError && AUTH_CODES.has(error.code);
}

let credentials = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');

/** The credentials calls are signed with, or null when they go unsigned. */
export function currentCredentials() {
  return credentials;
}

/** Signs later calls with {accessKeyId, secretAccessKey, region}; kept in this tab's session storage only. */
export function signIn(given) {
  credentials = given;
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(given));
}

/** Forgets the credentials. */
export function signOut() {
  credentials = null;
  sessionStorage.removeItem(STORAGE_KEY);
}

async function send(method, path, { headers = {}, body = '', service }) {
  const all = { ...headers };
  if (credentials) {
    Object.assign(all, await signatureHeaders({ method, host: location.host, path, headers, body, service,
      region: credentials.region, credentials }));
  }
  const response = await fetch(path, { method, headers: all, body: method === 'GET' ? undefined : body,
    cache: 'no-store', credentials: 'omit' });
  return { status: response.status, text: await response.text() };
}

function parseXml(text, status) {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) {
    throw new ApiError('', `HTTP ${status}: the answer is not XML`, status);
  }
  const error = doc.getElementsByTagName('Error')[0];
  if (error) {
    throw new ApiError(childText(error, 'Code'), childText(error, 'Message'), status);
  }
  return doc.documentElement;
}

/** An ELBv2 Query action; answers its ...Result element. params: {name: value} with dotted member names. */
export async function elbv2(action, params = {}) {
  const form = Object.entries({ Action: action, Version: ELBV2_VERSION, ...params })
    .map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v)).join('&');
  const { status, text } = await send('POST', '/', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: form, service: 'elasticloadbalancing' });
  return child(parseXml(text, status), action + 'Result');
}

/** An ECS action (JSON 1.1); answers the parsed JSON. */
export async function ecs(operation, payload = {}) {
  const { status, text } = await send('POST', '/', {
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': ECS_TARGET + operation },
    body: JSON.stringify(payload), service: 'ecs' });
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ApiError('', `HTTP ${status}: the answer is not JSON`, status);
  }
  if (status >= 400) {
    const type = String(json.__type || '');
    throw new ApiError(type.slice(type.lastIndexOf('#') + 1), json.message || json.Message || '', status);
  }
  return json;
}

/** A Route 53 GET (REST-XML) on a path under /2013-04-01/; answers the document's root element. */
export async function route53(path) {
  const { status, text } = await send('GET', '/2013-04-01' + path, { service: 'route53' });
  return parseXml(text, status);
}

/** The first child element of node named name, or null. */
export function child(node, name) {
  if (!node) return null;
  for (const c of node.children) if (c.localName === name) return c;
  return null;
}

/** The text of node's child element name, or ''. */
export function childText(node, name) {
  const c = child(node, name);
  return c ? c.textContent : '';
}

/** The elements under node's child list named name (its member or other repeated children). */
export function items(node, name) {
  const list = child(node, name);
  return list ? Array.from(list.children) : [];
}
