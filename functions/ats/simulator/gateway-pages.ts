/**
 * Error pages the gateways in front of ATS answer with (hosted ATS, or on-premises behind Apache
 * or IIS) when ATS itself is down or restarting: HTML, often with a DOCTYPE, never SOAP.
 */

/** The kinds of page the simulator can answer an `http_error` fault with. */
export type GatewayPage = 'html5' | 'apache' | 'lowercase' | 'bare';

const REASONS: Record<number, string> = {
  200: 'OK',
  404: 'Not Found',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function reason(status: number): string {
  return REASONS[status] ?? 'Error';
}

/** One renderer per kind of page, each taking the HTTP status. */
export const GATEWAY_PAGES: Record<GatewayPage, (status: number) => string> = {
  /** A modern proxy or load balancer: `<!DOCTYPE html>`. */
  html5: (status) =>
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${status} ${reason(status)}</title></head><body><h1>${status} ${reason(status)}</h1><p>The server is temporarily unable to service your request.</p></body></html>\n`,
  /** Apache httpd's mod_proxy: an HTML 2.0 DOCTYPE with a public identifier. */
  apache: (status) =>
    `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>${status} ${reason(status)}</title>\n</head><body>\n<h1>${reason(status)}</h1>\n<p>The proxy server received an invalid response from an upstream server.</p>\n<hr>\n<address>Apache/2.4.57 (Unix) Server at ats.example.com Port 443</address>\n</body></html>\n`,
  /** A page with a lower-case DOCTYPE. */
  lowercase: (status) =>
    `<!doctype html><html><head><title>${reason(status)}</title></head><body>${status} ${reason(status)}</body></html>`,
  /** A page without any DOCTYPE. */
  bare: (status) => `<html><body><h1>${status}</h1></body></html>`,
};
