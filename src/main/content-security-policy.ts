/**
 * The page's Content-Security-Policy: our own scripts, styles and connections only. The
 * renderer's index.html carries the same policy in a meta tag (a test keeps them equal);
 * both shells also send it as a header, where frame-ancestors works too.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

export const contentSecurityPolicyHeader = `${contentSecurityPolicy}; frame-ancestors 'none'`
