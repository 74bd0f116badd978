/**
 * Credentials in any text (an error message, a log line) taken out: the password of
 * `scheme://user:password@host`, and the values of a query string. The last guard
 * behind the places that already show URLs redacted.
 */
export function redactCredentials(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*):[^\s/@]*@/gi, '$1$2:***@')
    .replace(
      /\b([a-z][a-z0-9+.-]*:\/\/[^\s?#]*\?)([^\s#]*)/gi,
      (_, head: string, query: string) => head + query.replace(/=([^&]*)/g, '=***'),
    );
}
