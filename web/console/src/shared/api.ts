/**
 * The one way the console and the workspace call Wendu's API: a bearer token (never a cookie,
 * so no other site can act as the operator) and Wendu's one error shape
 * `{ error: { code, message, details } }` turned into an ApiError.
 */
const TOKEN_KEY = 'wendu.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }
}

let onUnauthorized: () => void = () => {};

export const session = {
  token: (): string | null => localStorage.getItem(TOKEN_KEY),
  save(token: string) {
    localStorage.setItem(TOKEN_KEY, token);
  },
  clear() {
    localStorage.removeItem(TOKEN_KEY);
  },
  /** Called when the server says the token is no longer good (expired, revoked). */
  onUnauthorized(handler: () => void) {
    onUnauthorized = handler;
  },
};

export interface RequestOptions {
  body?: unknown;
  /** A raw body (a file upload); sent as is with its own content type. */
  raw?: BodyInit;
  headers?: Record<string, string>;
}

/** The UI language for the server's error messages (zh by default). */
let language = 'zh';
export function setApiLanguage(lang: string) {
  language = lang;
}

export async function request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { 'accept-language': language, ...options.headers };
  const token = session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined = options.raw;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(path, { method, headers, body });
  if (response.ok) return response;
  let payload: { error?: { code?: string; message?: string; details?: unknown } } = {};
  try {
    payload = await response.json();
  } catch {
    // not JSON: fall back to the status line below
  }
  if (response.status === 401 && token) {
    session.clear();
    onUnauthorized();
  }
  throw new ApiError(response.status, payload.error?.code ?? 'HTTP_' + response.status, payload.error?.message ?? response.statusText, payload.error?.details);
}

/** JSON in, JSON out; 204 gives undefined. */
export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await request(method, path, body === undefined ? {} : { body });
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
